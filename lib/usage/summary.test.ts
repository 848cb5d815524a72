import { describe, expect, it } from "vitest";
import { summarizeUsage, usageWindowStart } from "./summary";

const now = new Date("2026-11-24T15:30:00Z");

describe("usage per day", () => {
  it("spans 30 UTC days ending today, oldest first, with zero days filled in", () => {
    const summary = summarizeUsage([], now);
    expect(summary.days).toHaveLength(30);
    expect(summary.days[0]).toEqual({ day: "2026-10-26", valid: 0, refused: 0 });
    expect(summary.days[29]?.day).toBe("2026-11-24");
    expect(usageWindowStart(now).toISOString()).toBe("2026-10-26T00:00:00.000Z");
    expect(summary).toMatchObject({ valid: 0, refused: 0 });
  });

  it("adds each hour's counts to its day and to the totals; hours outside the window are left out", () => {
    const summary = summarizeUsage(
      [
        { hour: new Date("2026-11-24T00:00:00Z"), valid: 5, refused: 1 },
        { hour: "2026-11-24T14:00:00.000Z", valid: 2, refused: 0 },
        { hour: new Date("2026-11-23T23:00:00Z"), valid: 1, refused: 3 },
        { hour: new Date("2026-10-26T00:00:00Z"), valid: 7, refused: 0 },
        { hour: new Date("2026-10-25T23:00:00Z"), valid: 100, refused: 100 },
        { hour: new Date("2026-11-25T00:00:00Z"), valid: 100, refused: 100 },
      ],
      now,
    );
    expect(summary.days[29]).toEqual({ day: "2026-11-24", valid: 7, refused: 1 });
    expect(summary.days[28]).toEqual({ day: "2026-11-23", valid: 1, refused: 3 });
    expect(summary.days[0]).toEqual({ day: "2026-10-26", valid: 7, refused: 0 });
    expect(summary).toMatchObject({ valid: 15, refused: 4 });
  });

  it("takes a shorter window when asked", () => {
    const summary = summarizeUsage(
      [{ hour: new Date("2026-11-20T10:00:00Z"), valid: 1, refused: 0 }],
      now,
      7,
    );
    expect(summary.days.map((d) => d.day)).toEqual([
      "2026-11-18",
      "2026-11-19",
      "2026-11-20",
      "2026-11-21",
      "2026-11-22",
      "2026-11-23",
      "2026-11-24",
    ]);
    expect(summary.days[2]?.valid).toBe(1);
  });
});
