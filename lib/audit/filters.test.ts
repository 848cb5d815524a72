import { describe, expect, it } from "vitest";
import {
  actorParam,
  dayRange,
  describeFilter,
  isFiltered,
  parseActorParam,
  parseAuditQuery,
} from "./filters";

const parse = (query: string) => parseAuditQuery(new URLSearchParams(query));

describe("parseAuditQuery", () => {
  it("defaults to the newest entries first, 25 a page, no filter", () => {
    expect(parse("")).toEqual({
      filter: { actions: [], outcomes: [] },
      dir: "desc",
      page: 1,
      perPage: 25,
      skip: 0,
      take: 25,
    });
    expect(isFiltered(parse("").filter)).toBe(false);
  });

  it("reads every filter", () => {
    const { filter, dir, skip } = parse(
      "q=%20alice%20&action=key.created,key.rolled&outcome=denied&actor=user:cm0abc&targetType=key&targetId=cm0key&from=2026-01-01&to=2026-01-31&dir=asc&page=3&perPage=50",
    );
    expect(filter).toEqual({
      q: "alice",
      actions: ["key.created", "key.rolled"],
      outcomes: ["denied"],
      actor: { type: "user", id: "cm0abc" },
      targetType: "key",
      targetId: "cm0key",
      from: "2026-01-01",
      to: "2026-01-31",
    });
    expect({ dir, skip }).toEqual({ dir: "asc", skip: 100 });
    expect(isFiltered(filter)).toBe(true);
  });

  it.each([
    ["an unknown outcome", "outcome=maybe", { outcomes: [] }],
    ["an action with odd characters", "action=key.created,<script>", { actions: ["key.created"] }],
    ["an impossible day", "from=2026-02-30", { from: undefined }],
    ["a badly written day", "to=31/01/2026", { to: undefined }],
    ["an unknown actor type", "actor=robot:1", { actor: undefined }],
    ["an actor id with spaces", "actor=user:a b", { actor: undefined }],
    ["a target id with a quote", "targetId=x'1", { targetId: undefined }],
  ])("drops %s instead of failing", (_case, query, expected) => {
    expect(parse(query).filter).toMatchObject(expected);
  });

  it("reads a reversed time range the way it was meant", () => {
    expect(parse("from=2026-03-10&to=2026-03-01").filter).toMatchObject({
      from: "2026-03-01",
      to: "2026-03-10",
    });
  });

  it("caps the search text at 200 characters", () => {
    expect(parse(`q=${"x".repeat(500)}`).filter.q).toHaveLength(200);
  });
});

describe("actors", () => {
  it.each([
    ["user:cm0abc", { type: "user", id: "cm0abc" }],
    ["key:cm0key", { type: "key", id: "cm0key" }],
    ["operator", { type: "operator", id: null }],
    ["user:", undefined],
    ["", undefined],
  ])("reads %j", (value, expected) => {
    expect(parseActorParam(value)).toEqual(expected);
  });

  it("writes the param back", () => {
    expect(actorParam({ type: "user", id: "cm0abc" })).toBe("user:cm0abc");
    expect(actorParam({ type: "operator", id: null })).toBe("operator");
  });
});

describe("dayRange", () => {
  it("includes both days, from midnight UTC to the next midnight", () => {
    expect(dayRange("2026-01-01", "2026-01-31")).toEqual({
      gte: new Date("2026-01-01T00:00:00.000Z"),
      lt: new Date("2026-02-01T00:00:00.000Z"),
    });
    expect(dayRange(undefined, "2026-12-31")).toEqual({ lt: new Date("2027-01-01T00:00:00.000Z") });
  });
});

describe("describeFilter", () => {
  it("names only what is set", () => {
    expect(describeFilter(parse("action=a.b&actor=operator&to=2026-01-02").filter)).toEqual({
      action: "a.b",
      actor: "operator",
      to: "2026-01-02",
    });
  });
});
