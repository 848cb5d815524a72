/** Only same-site paths may be redirect targets after sign-in (no open redirects). */
export function safeCallbackPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (value.startsWith("/sign-in") || value.startsWith("/setup") || value.startsWith("/api/")) return "/";
  return value;
}
