import { describe, expect, it } from "vitest";
import { formatFields, formatTable, terminalText } from "./output";

describe("terminalText", () => {
  it("prints control and format characters as visible escapes", () => {
    expect(terminalText("a\u001b[31mb\nc\rd\te\u0000f\u202eg\u200bh")).toBe(
      "a\\x1b[31mb\\nc\\rd\\te\\x00f\\u202eg\\u200bh",
    );
  });

  it("leaves ordinary text, accents and emoji alone", () => {
    expect(terminalText("ci-runner é 🙂 “x”")).toBe("ci-runner é 🙂 “x”");
  });

  it("keeps a hostile cell on one table row and a hostile value on one field line", () => {
    const table = formatTable(["ID", "LABEL"], [["k1", "x\n\u001b[31mforged"]]);
    expect(table.split("\n")).toHaveLength(2);
    expect(table).not.toContain("\u001b");
    expect(formatFields([["Label", "x\nforged: yes"]]).split("\n")).toHaveLength(1);
  });
});
