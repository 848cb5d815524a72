// Where a sign-in may send the browser afterwards (README, "Security model": redirects). The value
// is resolved the way a browser resolves it, `new URL(value, origin)`, which drops tabs and
// newlines and reads a backslash as a slash, so "/\t/evil.test" is the other site it really is.
// Only a target on this origin passes, and then only as a path; anything else is the console home.

/** Stands in for the origin when the caller has none: only "same origin or not" matters. */
const PLACEHOLDER_ORIGIN = "http://keyplane.invalid";

export function safeCallbackPath(value: string | null | undefined, origin = PLACEHOLDER_ORIGIN): string {
  if (!value) return "/";
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(value, base);
  } catch {
    return "/";
  }
  if (target.origin !== base.origin) return "/";
  const path = `${target.pathname}${target.search}${target.hash}`;
  // "//host" as a path would be read as another origin by whoever resolves it next.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  if (path.startsWith("/sign-in") || path.startsWith("/setup") || path.startsWith("/api/")) return "/";
  return path;
}
