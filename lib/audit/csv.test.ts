import { describe, expect, it } from "vitest";
import {
  AUDIT_CSV_COLUMNS,
  auditCsvHeader,
  auditCsvRow,
  auditJsonLine,
  csvField,
  csvRow,
  type ExportableEntry,
} from "./csv";
import { parseCsv } from "@/tests/support/csv";

describe("csvField", () => {
  it.each([
    ["plain text", "payments", "payments"],
    ["empty string", "", ""],
    ["a comma", "a,b", '"a,b"'],
    ["double quotes, doubled", 'say "hi"', '"say ""hi"""'],
    ["a newline", "line 1\nline 2", '"line 1\nline 2"'],
    ["a carriage return inside", "a\rb", '"a\rb"'],
    ["leading space", " padded", '" padded"'],
    ["trailing space", "padded ", '"padded "'],
    ["unicode", "Zoë · 東京 · 🔑", "Zoë · 東京 · 🔑"],
  ])("writes %s", (_case, input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it.each([
    ["=", '=HYPERLINK("http://evil.test","x")', `"'=HYPERLINK(""http://evil.test"",""x"")"`],
    ["+", "+1+1", "'+1+1"],
    ["-", "-2+3", "'-2+3"],
    ["@", "@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["tab", "\t=1+1", "'\t=1+1"],
    ["carriage return", "\r=1+1", `"'\r=1+1"`],
  ])("neutralises a cell starting with %s", (_case, input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("leaves a formula character that is not first alone", () => {
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField("user@example.test")).toBe("user@example.test");
  });

  it("replaces other control characters, which no label legitimately holds", () => {
    expect(csvField("bell\u0007 null\u0000 esc\u001b del\u007f c1\u0085")).toBe(
      "bell\uFFFD null\uFFFD esc\uFFFD del\uFFFD c1\uFFFD",
    );
  });

  it("neutralises a formula hidden behind a control character", () => {
    expect(csvField("\u0000=1+1")).toBe("\uFFFD=1+1");
    expect(csvField("\u000b=cmd")).toBe("\uFFFD=cmd");
  });

  it("writes numbers, booleans and nulls", () => {
    expect(csvField(42)).toBe("42");
    expect(csvField(-1)).toBe("-1");
    expect(csvField(true)).toBe("true");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });

  it("reads back cell for cell, even with hostile names", () => {
    const cells = ['Robert"); DROP TABLE', "two\nlines", "=cmd|' /C calc'!A0", "ok", ""];
    const [row] = parseCsv(csvRow(cells));
    expect(row).toEqual(['Robert"); DROP TABLE', "two\nlines", "'=cmd|' /C calc'!A0", "ok", ""]);
  });
});

const entry: ExportableEntry = {
  id: "cm0entry",
  seq: 7,
  createdAt: new Date("2026-11-24T05:06:07.089Z"),
  actorType: "user",
  actorId: "cm0user",
  actorLabel: "=evil@example.test",
  ip: "203.0.113.7",
  userAgent: 'Mozilla/5.0, "quoted"',
  action: "system.updated",
  outcome: "success",
  targetType: "system",
  targetId: "cm0system",
  targetLabel: "Payments\nEU",
  changes: { name: { before: "Payments", after: "Payments\nEU" } },
  metadata: null,
  prevHash: "a".repeat(64),
  hash: "b".repeat(64),
};

describe("audit rows", () => {
  it("has a header naming every column", () => {
    expect(parseCsv(auditCsvHeader())).toEqual([[...AUDIT_CSV_COLUMNS]]);
  });

  it("writes one entry as one record, every column in place", () => {
    const [row] = parseCsv(auditCsvRow(entry));
    expect(row).toHaveLength(AUDIT_CSV_COLUMNS.length);
    const cell = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => row?.[AUDIT_CSV_COLUMNS.indexOf(name)];
    expect(cell("seq")).toBe("7");
    expect(cell("created_at")).toBe("2026-11-24T05:06:07.089Z");
    expect(cell("actor_label")).toBe("'=evil@example.test");
    expect(cell("user_agent")).toBe('Mozilla/5.0, "quoted"');
    expect(cell("action")).toBe("system.updated");
    expect(cell("action_label")).toBe("System updated");
    expect(cell("target_label")).toBe("Payments\nEU");
    expect(JSON.parse(cell("changes") ?? "")).toEqual(entry.changes);
    expect(cell("metadata")).toBe("");
    expect(cell("hash")).toBe("b".repeat(64));
  });

  it("writes JSON Lines as one parseable object per line", () => {
    const line = auditJsonLine({ ...entry, organizationId: "cm0org" });
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({
      ...entry,
      organizationId: "cm0org",
      createdAt: "2026-11-24T05:06:07.089Z",
    });
  });
});
