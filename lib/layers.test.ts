import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// Folder layering inside lib/ (ARCHITECTURE.md): lib/verify and lib/orgs build on lib/keys, never
// the other way round. Key cores announce changes through lib/keys/events.ts and the key policy
// lives in lib/keys/policy-store.ts, so lib/keys needs neither. Type-only imports count too.

const LIB = import.meta.dirname;
const ROOT = dirname(LIB);
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The lib/ folder a specifier points into, or null outside lib/. */
function libFolder(fromFile: string, specifier: string): string | null {
  let target: string;
  if (specifier.startsWith("@/")) target = join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) target = resolve(dirname(fromFile), specifier);
  else return null;
  const inLib = relative(LIB, target);
  if (inLib.startsWith("..")) return null;
  return inLib.split(/[\\/]/)[0] ?? null;
}

/** Every import from one lib/ folder into another, as "from -> to: file". */
function folderImports(): { from: string; to: string; file: string }[] {
  return sourceFiles(LIB).flatMap((file) => {
    const from = relative(LIB, file).split(/[\\/]/)[0] ?? "";
    return [...readFileSync(file, "utf8").matchAll(IMPORT)].flatMap((match) => {
      const to = libFolder(file, match[1] ?? match[2] ?? "");
      return to && to !== from && !to.includes(".") ? [{ from, to, file: relative(ROOT, file) }] : [];
    });
  });
}

describe("lib/ layering", () => {
  const edges = folderImports();
  const importers = (from: string, to: string) =>
    edges.filter((edge) => edge.from === from && edge.to === to).map((edge) => edge.file);

  it("reads the imports it checks", () => {
    expect(importers("verify", "keys").length).toBeGreaterThan(0);
    expect(importers("orgs", "keys").length).toBeGreaterThan(0);
  });

  it.each([
    ["keys", "verify"],
    ["keys", "orgs"],
  ])("lib/%s imports nothing from lib/%s (no cycle)", (lower, upper) => {
    expect(importers(lower, upper)).toEqual([]);
  });
});
