import { cn } from "@/lib/utils";
import type { UsageSummary } from "@/lib/usage/summary";

const number = new Intl.NumberFormat("en-US");

function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
}

/**
 * Verifications per day as stacked bars (valid below, refused above), with the totals as its
 * caption. Screen readers get the same figures as a table; each bar's title names its day.
 */
export function UsageChart({
  usage,
  label,
  className,
}: {
  usage: UsageSummary;
  /** What is counted, e.g. "Verifications of this key". */
  label: string;
  className?: string;
}) {
  const peak = Math.max(1, ...usage.days.map((d) => d.valid + d.refused));
  const first = usage.days[0];
  const last = usage.days[usage.days.length - 1];
  const empty = usage.valid + usage.refused === 0;
  return (
    <figure className={cn("grid gap-2", className)} aria-label={label}>
      <div className="flex h-24 items-end gap-px rounded-md border bg-muted/20 px-1 pt-2" aria-hidden>
        {usage.days.map((d) => {
          const total = d.valid + d.refused;
          return (
            <div
              key={d.day}
              title={`${dayLabel(d.day)}: ${number.format(d.valid)} valid, ${number.format(d.refused)} refused`}
              className="flex h-full min-w-0 flex-1 flex-col justify-end"
            >
              {total > 0 ? (
                <>
                  <div
                    className="rounded-t-[2px] bg-destructive/70"
                    style={{ height: `${(d.refused / peak) * 100}%` }}
                  />
                  <div className="bg-chart-2" style={{ height: `${(d.valid / peak) * 100}%` }} />
                </>
              ) : (
                <div className="h-px bg-border" />
              )}
            </div>
          );
        })}
      </div>
      {first && last ? (
        <div className="flex justify-between text-[11px] text-muted-foreground" aria-hidden>
          <span>{dayLabel(first.day)}</span>
          <span>{dayLabel(last.day)}</span>
        </div>
      ) : null}
      <figcaption className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
        {empty ? (
          <span>No verifications in the last {usage.days.length} days.</span>
        ) : (
          <>
            <span className="flex items-center gap-1.5">
              <span className="size-2 rounded-sm bg-chart-2" aria-hidden />
              <span>
                <strong className="font-medium text-foreground">{number.format(usage.valid)}</strong> valid
              </span>
            </span>
            <span className="flex items-center gap-1.5">
              <span className="size-2 rounded-sm bg-destructive/70" aria-hidden />
              <span>
                <strong className="font-medium text-foreground">{number.format(usage.refused)}</strong>{" "}
                refused
              </span>
            </span>
            <span>in the last {usage.days.length} days (UTC)</span>
          </>
        )}
      </figcaption>
      <table className="sr-only">
        <caption>{label}, per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Valid</th>
            <th scope="col">Refused</th>
          </tr>
        </thead>
        <tbody>
          {usage.days
            .filter((d) => d.valid + d.refused > 0)
            .map((d) => (
              <tr key={d.day}>
                <th scope="row">{dayLabel(d.day)}</th>
                <td>{d.valid}</td>
                <td>{d.refused}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}
