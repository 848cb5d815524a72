import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, describeDatabase, parseDatabaseUrl } from "@/lib/db/url";

const ROOT = "/srv/keyplane";

describe("parseDatabaseUrl: SQLite", () => {
  it.each([
    [DEFAULT_DATABASE_URL, "/srv/keyplane/data/keyplane.db"],
    ["file:data/dev.db", "/srv/keyplane/data/dev.db"],
    ["file:../shared/k.db", "/srv/shared/k.db"],
    ["file:/var/lib/keyplane/k.db", "/var/lib/keyplane/k.db"],
    ["file:///var/lib/keyplane/k.db", "/var/lib/keyplane/k.db"],
    ["file:./my%20data/k.db", "/srv/keyplane/my data/k.db"],
    ["  file:./k.db  ", "/srv/keyplane/k.db"],
  ])("%s -> %s", (url, file) => {
    expect(parseDatabaseUrl(url, ROOT)).toEqual({ provider: "sqlite", file });
  });

  it.each([
    ["file:", /must name a database file/],
    ["file::memory:", /must name a database file/],
    ["file:./k.db?mode=ro", /must not have query parameters/],
  ])("refuses %s", (url, message) => {
    expect(() => parseDatabaseUrl(url, ROOT)).toThrow(message);
  });

  it("resolves against the working directory by default", () => {
    expect(parseDatabaseUrl("file:./x.db")).toEqual({ provider: "sqlite", file: `${process.cwd()}/x.db` });
  });
});

describe("parseDatabaseUrl: PostgreSQL", () => {
  it("reads every part of a full URL", () => {
    const url = "postgresql://keyplane:p%40ss%3Aword@db.internal:6543/keyplane_prod?sslmode=require";
    expect(parseDatabaseUrl(url)).toEqual({
      provider: "postgresql",
      url,
      host: "db.internal",
      port: 6543,
      user: "keyplane",
      password: "p@ss:word",
      database: "keyplane_prod",
      ssl: true,
    });
  });

  it("defaults the port, accepts postgres:// and no password", () => {
    expect(parseDatabaseUrl("postgres://postgres@127.0.0.1/test")).toMatchObject({
      provider: "postgresql",
      host: "127.0.0.1",
      port: 5432,
      user: "postgres",
      password: undefined,
      database: "test",
      ssl: false,
    });
  });

  it("unwraps an IPv6 host", () => {
    expect(parseDatabaseUrl("postgresql://u@[::1]:5432/db")).toMatchObject({ host: "::1" });
  });

  it.each([
    ["postgresql://u@h:5432/", /must name one database/],
    ["postgresql://u@h:5432/a/b", /must name one database/],
    ["postgresql://h:5432/db", /no user name/],
    ["postgresql://u@h:99999/db", /not a valid PostgreSQL URL/],
    ["postgresql://u@h/db?schema=app", /parameter "schema" is not supported/],
    ["postgresql://u@h/db?sslmode=prefer", /sslmode "prefer" is not supported/],
  ])("refuses %s", (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(message);
  });
});

describe("parseDatabaseUrl: other URLs", () => {
  it.each([
    ["", /DATABASE_URL is empty/],
    ["mysql://u:p@h/db", /must start with file: .* not "mysql:"/],
    ["./data/keyplane.db", /not "no scheme"/],
  ])("refuses %j", (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(message);
  });

  it("never repeats a password in its errors", () => {
    const url = "postgresql://u:hunter2@h/db?schema=x";
    expect(() => parseDatabaseUrl(url)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("hunter2") }),
    );
  });
});

describe("describeDatabase", () => {
  it("shows a SQLite file relative to the root when inside it", () => {
    expect(describeDatabase(parseDatabaseUrl("file:./data/k.db", ROOT), ROOT)).toBe(
      "sqlite database data/k.db",
    );
    expect(describeDatabase(parseDatabaseUrl("file:/tmp/k.db", ROOT), ROOT)).toBe(
      "sqlite database /tmp/k.db",
    );
  });

  it("shows a PostgreSQL database without its credentials", () => {
    const label = describeDatabase(parseDatabaseUrl("postgresql://u:hunter2@db:5432/keyplane"));
    expect(label).toBe("postgresql database keyplane on db:5432");
  });
});
