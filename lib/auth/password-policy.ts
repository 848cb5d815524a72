// The rule for new console passwords, in one place: the forms check it in the browser and
// validatePassword (password.ts) on the server. Length is what a person types: Unicode code
// points after NFKC, so an emoji or an accented letter counts once however it is encoded.

export const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 200;
/** A password within the policy is at most 2 UTF-16 units per code point; longer text is refused unread. */
export const PASSWORD_MAX_UNITS = 2 * PASSWORD_MAX_LENGTH;

export const PASSWORD_POLICY_MESSAGES = {
  tooShort: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  tooLong: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
} as const;

/** Unicode NFKC, so the same password typed on different keyboards hashes and counts the same. */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** What is wrong with a new password, or null when the policy allows it. */
export function passwordPolicyProblem(password: string): keyof typeof PASSWORD_POLICY_MESSAGES | null {
  if (password.length > PASSWORD_MAX_UNITS) return "tooLong";
  const length = [...normalizePassword(password)].length;
  if (length < PASSWORD_MIN_LENGTH) return "tooShort";
  return length > PASSWORD_MAX_LENGTH ? "tooLong" : null;
}
