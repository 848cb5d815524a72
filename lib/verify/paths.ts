// The verification endpoints: answered by lib/verify/http.ts, shown in the connect snippets.
export const VERIFY_PATH = "/api/v1/verify";
/** Matched as a suffix: a proxy may mount forward-auth under any prefix. */
export const FORWARD_AUTH_PATH = "/api/v1/forward-auth";
