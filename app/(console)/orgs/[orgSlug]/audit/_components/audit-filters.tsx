"use client";

import * as React from "react";
import { CalendarRange, CirclePlus, Crosshair, UserRound } from "lucide-react";
import { useTableUrlState } from "@/components/data-table/use-table-url-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Separator } from "@/components/ui/separator";
import type { ActorOption, FacetCount } from "@/lib/audit/facets";
import { cn } from "@/lib/utils";
import { DAY_MS } from "@/lib/time";

// Filters of the audit toolbar that are not plain faceted lists: actor (one of the actors seen),
// target (type and id) and time (UTC days). All are bound to the URL like the other filters.

const ALL = "__all__";

function FilterSummary({ children }: { children: React.ReactNode }) {
  return (
    <>
      <Separator orientation="vertical" className="mx-0.5 !h-4" />
      <Badge variant="secondary" className="max-w-40 truncate rounded-sm px-1 font-normal">
        {children}
      </Badge>
    </>
  );
}

/**
 * A toolbar filter edited in a popover form: the trigger shows what is chosen, the form's
 * fields are the caller's (drafts until Apply), Clear removes the filter.
 */
function PopoverFilter({
  name,
  summary,
  label,
  icon: Icon,
  open,
  onOpenChange,
  onApply,
  onClear,
  children,
}: {
  name: string;
  /** What is chosen, "" when nothing is. */
  summary: string;
  /** The trigger's accessible name while something is chosen. */
  label: string;
  icon: React.ComponentType<{ "aria-hidden"?: boolean }>;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onApply: () => void;
  onClear: () => void;
  children: React.ReactNode;
}) {
  return (
    <Popover open={open} onOpenChange={onOpenChange}>
      <PopoverTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          className={cn("h-8", !summary && "border-dashed")}
          aria-label={summary ? label : `Filter by ${name.toLowerCase()}`}
        >
          {summary ? <Icon aria-hidden /> : <CirclePlus aria-hidden />}
          {name}
          {summary ? <FilterSummary>{summary}</FilterSummary> : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="start" className="w-72">
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            onApply();
          }}
        >
          {children}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" size="sm" onClick={onClear}>
              Clear
            </Button>
            <Button type="submit" size="sm">
              Apply
            </Button>
          </div>
        </form>
      </PopoverContent>
    </Popover>
  );
}

export function ActorFilter({ actors }: { actors: readonly ActorOption[] }) {
  const { get, setFilter } = useTableUrlState();
  const current = get("actor") ?? ALL;
  const chosen = actors.find((a) => a.value === current);
  const known = current === ALL || chosen !== undefined;
  const shown = current === ALL ? "All actors" : (chosen?.label ?? current);
  return (
    <Select value={current} onValueChange={(value) => setFilter("actor", value === ALL ? null : value)}>
      <SelectTrigger
        size="sm"
        aria-label={current === ALL ? "Filter by actor" : `Actor: ${shown}`}
        className={cn("max-w-60 font-medium", current === ALL && "border-dashed")}
      >
        <UserRound aria-hidden />
        {/* Explicit text: the trigger names the actor only, not the item's entry count. */}
        <SelectValue>
          <span className="truncate">{shown}</span>
        </SelectValue>
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={ALL}>All actors</SelectItem>
        {known ? null : <SelectItem value={current}>{current}</SelectItem>}
        {actors.map((actor) => (
          <SelectItem key={actor.value} value={actor.value}>
            <span className="truncate">{actor.label}</span>
            <span className="text-xs text-muted-foreground">
              {actor.type === "user" ? "" : actor.type === "key" ? "API key · " : `${actor.type} · `}
              {actor.count}
            </span>
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

export function TargetFilter({ targetTypes }: { targetTypes: readonly FacetCount[] }) {
  const { get, setParams } = useTableUrlState();
  const [open, setOpen] = React.useState(false);
  const type = get("targetType");
  const id = get("targetId");
  const [draftType, setDraftType] = React.useState(type ?? ALL);
  const [draftId, setDraftId] = React.useState(id ?? "");
  const summary = [type, id].filter(Boolean).join(" · ");

  function onOpenChange(next: boolean) {
    if (next) {
      setDraftType(type ?? ALL);
      setDraftId(id ?? "");
    }
    setOpen(next);
  }

  function apply(targetType: string | null, targetId: string | null) {
    setParams({ targetType, targetId });
    setOpen(false);
  }

  return (
    <PopoverFilter
      name="Target"
      summary={summary}
      label={`Target: ${summary}`}
      icon={Crosshair}
      open={open}
      onOpenChange={onOpenChange}
      onApply={() => apply(draftType === ALL ? null : draftType, draftId.trim() || null)}
      onClear={() => apply(null, null)}
    >
      <div className="grid gap-1.5">
        <Label htmlFor="audit-target-type">Target type</Label>
        <Select value={draftType} onValueChange={setDraftType}>
          <SelectTrigger id="audit-target-type" size="sm" className="w-full">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>Any type</SelectItem>
            {targetTypes.map((t) => (
              <SelectItem key={t.value} value={t.value}>
                {t.value}
                <span className="text-xs text-muted-foreground">{t.count}</span>
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-target-id">Target ID</Label>
        <Input
          id="audit-target-id"
          value={draftId}
          onChange={(event) => setDraftId(event.target.value)}
          placeholder="e.g. cm3k9…"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          className="h-8 font-mono text-xs"
        />
      </div>
    </PopoverFilter>
  );
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", timeZone: "UTC" });

function showDay(value: string): string {
  return dayFormat.format(new Date(`${value}T00:00:00Z`));
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
}

const PRESETS = [
  { label: "Today", days: 0 },
  { label: "Last 7 days", days: 6 },
  { label: "Last 30 days", days: 29 },
] as const;

export function TimeFilter() {
  const { get, setParams } = useTableUrlState();
  const [open, setOpen] = React.useState(false);
  const from = get("from");
  const to = get("to");
  const [draftFrom, setDraftFrom] = React.useState(from ?? "");
  const [draftTo, setDraftTo] = React.useState(to ?? "");
  const summary =
    from && to
      ? `${showDay(from)} – ${showDay(to)}`
      : from
        ? `from ${showDay(from)}`
        : to
          ? `to ${showDay(to)}`
          : "";

  function onOpenChange(next: boolean) {
    if (next) {
      setDraftFrom(from ?? "");
      setDraftTo(to ?? "");
    }
    setOpen(next);
  }

  function choose(nextFrom: string | null, nextTo: string | null) {
    setParams({ from: nextFrom, to: nextTo });
    setOpen(false);
  }

  return (
    <PopoverFilter
      name="Time"
      summary={summary}
      label={`Time: ${summary} (UTC)`}
      icon={CalendarRange}
      open={open}
      onOpenChange={onOpenChange}
      onApply={() => choose(draftFrom || null, draftTo || null)}
      onClear={() => choose(null, null)}
    >
      <div className="flex flex-wrap gap-1.5">
        {PRESETS.map((preset) => (
          <Button
            key={preset.label}
            type="button"
            variant="secondary"
            size="sm"
            className="h-7 px-2 text-xs"
            onClick={() => choose(daysAgo(preset.days), daysAgo(0))}
          >
            {preset.label}
          </Button>
        ))}
      </div>
      <div className="grid grid-cols-2 gap-2">
        <DayInput
          id="audit-from"
          label="From (UTC)"
          value={draftFrom}
          onChange={setDraftFrom}
          max={draftTo}
        />
        <DayInput id="audit-to" label="To (UTC)" value={draftTo} onChange={setDraftTo} min={draftFrom} />
      </div>
      <p className="text-xs text-muted-foreground">Both days are included, from midnight UTC.</p>
    </PopoverFilter>
  );
}

/** One end of the date range: a day, bounded by the other end when that is set. */
function DayInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  min?: string;
  max?: string;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={props.id}>{props.label}</Label>
      <Input
        id={props.id}
        type="date"
        value={props.value}
        min={props.min || undefined}
        max={props.max || undefined}
        onChange={(event) => props.onChange(event.target.value)}
        className="h-8 text-xs"
      />
    </div>
  );
}
