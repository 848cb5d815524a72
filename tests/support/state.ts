// What the mocked request context of an integration test looks like: who is signed in (a real
// Session row id, so the real session checks run) and the client address the server would set.
export const testRequest = {
  sid: null as string | null,
  ip: "203.0.113.7",
  userAgent: "vitest",
};
