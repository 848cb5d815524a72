import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

// "Is there a current production build?" = does .next hold a build made from exactly these
// sources. A hash of every input file is cheap (a few hundred files) and, unlike timestamps,
// survives a fresh clone.
const INPUT_DIRS = ["app", "components", "lib", "public", "prisma"];
const INPUT_FILES = [
  "package-lock.json",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "proxy.ts",
];
const SKIP = new Set(["node_modules", ".next", "generated"]);
const stampPath = (root: string) => join(root, ".next", "keyplane-source-hash");

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (!/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}

export function sourceHash(root: string): string {
  const hash = createHash("sha256");
  const files: string[] = [];
  for (const dir of INPUT_DIRS) if (existsSync(join(root, dir))) files.push(...walk(join(root, dir)));
  for (const file of INPUT_FILES) if (existsSync(join(root, file))) files.push(join(root, file));
  for (const file of files.sort()) {
    hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

export function hasCurrentBuild(root: string): boolean {
  const stamp = stampPath(root);
  if (!existsSync(join(root, ".next", "BUILD_ID")) || !existsSync(stamp)) return false;
  return statSync(stamp).isFile() && readFileSync(stamp, "utf8").trim() === sourceHash(root);
}

export function markBuildCurrent(root: string, hash: string): void {
  writeFileSync(stampPath(root), hash + "\n");
}
