// What the tests expect of an action's answer (lib/actions/result.ts).

/**
 * A refusal, for toMatchObject: `ok: false`, the code, and whatever else the test names (a
 * message, field errors).
 */
export function refused(code: string, rest: Record<string, unknown> = {}) {
  return { ok: false, code, ...rest };
}
