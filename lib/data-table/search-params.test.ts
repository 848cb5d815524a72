import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";

import {
  choiceParam,
  DEFAULT_PER_PAGE,
  listParam,
  MAX_PAGE,
  MAX_QUERY_LENGTH,
  getListParam,
  getPageCount,
  parsePage,
  parsePerPage,
  parseTableParams,
  tableParamFields,
} from "./search-params";

const options = {
  sortable: ["name", "createdAt", "lastUsedAt"],
  defaultSort: { field: "createdAt", dir: "desc" },
  filters: {
    state: ["active", "disabled", "expired"],
    env: { values: ["live", "test"], multiple: false },
  },
} as const;

function parse(input: Record<string, string | string[] | undefined>) {
  return parseTableParams(input, options);
}

describe("parseTableParams", () => {
  it("returns defaults for empty input", () => {
    expect(parse({})).toEqual({
      page: 1,
      perPage: DEFAULT_PER_PAGE,
      sort: "createdAt",
      dir: "desc",
      q: undefined,
      filters: { state: [], env: undefined },
      skip: 0,
      take: DEFAULT_PER_PAGE,
    });
  });

  it("parses valid input and computes skip/take", () => {
    const params = parse({ page: "3", perPage: "50", sort: "name", dir: "asc", q: "  prod key " });
    expect(params).toMatchObject({ page: 3, perPage: 50, sort: "name", dir: "asc", q: "prod key" });
    expect(params.skip).toBe(100);
    expect(params.take).toBe(50);
  });

  it.each([["-1"], ["0"], ["1.5"], ["abc"], [""], ["Infinity"], ["NaN"], [String(MAX_PAGE + 1)], ["1e308"]])(
    "falls back to page 1 for page=%j",
    (page) => {
      expect(parse({ page }).page).toBe(1);
    },
  );

  it("accepts the largest allowed page", () => {
    expect(parse({ page: String(MAX_PAGE) }).page).toBe(MAX_PAGE);
  });

  it.each([["7"], ["0"], ["-25"], ["1000"], ["25.5"], ["ten"], [""]])(
    "falls back to default perPage for %j",
    (perPage) => {
      expect(parse({ perPage }).perPage).toBe(DEFAULT_PER_PAGE);
    },
  );

  it.each([[10], [25], [50], [100]])("accepts perPage=%i", (perPage) => {
    expect(parse({ perPage: String(perPage) }).perPage).toBe(perPage);
  });

  it("rejects junk sort fields (including prototype keys and injection attempts)", () => {
    for (const sort of ["password", "__proto__", "constructor", "name; DROP TABLE keys", "NAME", ""]) {
      expect(parse({ sort }).sort).toBe("createdAt");
    }
  });

  it("uses the default direction for the default field and asc otherwise when dir is missing or junk", () => {
    expect(parse({ dir: "sideways" }).dir).toBe("desc");
    expect(parse({ sort: "name" }).dir).toBe("asc");
    expect(parse({ sort: "name", dir: "DESC" }).dir).toBe("asc");
    expect(parse({ sort: "name", dir: "desc" }).dir).toBe("desc");
    expect(parse({ sort: "junk", dir: "asc" })).toMatchObject({ sort: "createdAt", dir: "asc" });
  });

  it("trims q and caps it at 200 characters", () => {
    const huge = "x".repeat(100_000);
    const params = parse({ q: huge });
    expect(params.q).toHaveLength(MAX_QUERY_LENGTH);
    expect(parse({ q: `  ${"a".repeat(199)} tail` }).q).toBe("a".repeat(199));
  });

  it("treats blank q as absent", () => {
    expect(parse({ q: "   " }).q).toBeUndefined();
    expect(parse({ q: "" }).q).toBeUndefined();
  });

  it("takes the first value of repeated scalar params", () => {
    expect(parse({ page: ["2", "9"], sort: ["name", "createdAt"], q: ["a", "b"] })).toMatchObject({
      page: 2,
      sort: "name",
      q: "a",
    });
  });

  it("parses list filters from commas and repeats, dropping unknown values and duplicates", () => {
    expect(parse({ state: "active,disabled" }).filters.state).toEqual(["active", "disabled"]);
    expect(parse({ state: ["active", "expired,active", "bogus", " disabled "] }).filters.state).toEqual([
      "active",
      "expired",
      "disabled",
    ]);
    expect(parse({ state: ",,," }).filters.state).toEqual([]);
  });

  it("parses single-value filters to one allowed value", () => {
    expect(parse({ env: "test" }).filters.env).toBe("test");
    expect(parse({ env: "staging" }).filters.env).toBeUndefined();
    expect(parse({ env: "staging,live" }).filters.env).toBe("live");
  });

  it("accepts URLSearchParams", () => {
    const sp = new URLSearchParams(
      "page=2&perPage=10&sort=lastUsedAt&dir=asc&q=abc&state=active&state=expired",
    );
    expect(parseTableParams(sp, options)).toMatchObject({
      page: 2,
      perPage: 10,
      sort: "lastUsedAt",
      dir: "asc",
      q: "abc",
      filters: { state: ["active", "expired"], env: undefined },
      skip: 10,
    });
  });

  it("works without filters", () => {
    const params = parseTableParams({}, { sortable: ["name"], defaultSort: { field: "name", dir: "asc" } });
    expect(params.filters).toEqual({});
  });

  it("infers literal types", () => {
    const params = parse({});
    expectTypeOf(params.sort).toEqualTypeOf<"name" | "createdAt" | "lastUsedAt">();
    expectTypeOf(params.filters.state).toEqualTypeOf<("active" | "disabled" | "expired")[]>();
    expectTypeOf(params.filters.env).toEqualTypeOf<"live" | "test" | undefined>();
  });
});

describe("helpers", () => {
  it("parsePage / parsePerPage handle null", () => {
    expect(parsePage(null)).toBe(1);
    expect(parsePerPage(null)).toBe(DEFAULT_PER_PAGE);
  });

  it("getListParam splits and de-duplicates", () => {
    expect(getListParam(new URLSearchParams("k=a,b&k=b,c"), "k")).toEqual(["a", "b", "c"]);
    expect(getListParam({}, "k")).toEqual([]);
  });

  it("getPageCount is at least 1", () => {
    expect(getPageCount(0, 25)).toBe(1);
    expect(getPageCount(25, 25)).toBe(1);
    expect(getPageCount(26, 25)).toBe(2);
    expect(getPageCount(-5, 10)).toBe(1);
  });
});

describe("tableParamFields and list params (the key list's object schema)", () => {
  const schema = z.object({
    ...tableParamFields,
    state: listParam(["a", "b"]),
    dir: choiceParam(["asc", "desc"], "desc"),
  });

  it("parses page, perPage and q exactly as parseTableParams does", () => {
    for (const query of [
      {},
      { q: "x".repeat(500), page: "0", perPage: "7" },
      { q: [" y "], page: ["4"], perPage: "50" },
    ]) {
      const table = parseTableParams(query, { sortable: ["id"], defaultSort: { field: "id", dir: "asc" } });
      expect(schema.parse(query)).toMatchObject({
        q: table.q ?? "",
        page: table.page,
        perPage: table.perPage,
      });
    }
  });

  it("reads lists as getListParam does and falls back on unknown choices", () => {
    const query = { state: ["b,zz", " a ", "b"], dir: "sideways" };
    expect(schema.parse(query)).toMatchObject({
      state: getListParam(query, "state").filter((v) => v !== "zz"),
      dir: "desc",
    });
    expect(schema.parse({ state: "zz" }).state).toEqual([]);
  });
});
