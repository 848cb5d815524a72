import { beforeEach, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { authenticate } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { createUser, enrolTotp, freshTotpCode } from "../support/fixtures";

// Two-factor sign-in (issue 12, failure 2: "Sign-in itself is password-only"). authenticate() is
// what Auth.js's authorize() runs for every sign-in, through the console's sign-in action and
// through Auth.js's own POST /api/auth/callback/credentials alike (lib/auth/auth.ts); a session
// row exists only once it answers ok.

useTestDatabase();

const PASSWORD = "correct horse battery staple";
const meta = { ip: "198.51.100.7", userAgent: "two-factor-test" };

async function enrolledUser() {
  const user = await createUser({ passwordHash: await hashPassword(PASSWORD) });
  const secret = await enrolTotp(user);
  return { user, secret };
}

async function sessionCount(userId: string): Promise<number> {
  return getDb().session.count({ where: { userId } });
}

describe("attack: the password alone signs in a user who has an authenticator (issue 12, failure 2)", () => {
  beforeEach(async () => {
    await getDb().rateLimit.deleteMany({});
  });

  it("refuses the password alone and creates no session", async () => {
    const { user } = await enrolledUser();
    const result = await authenticate({ email: user.email, password: PASSWORD }, meta);
    expect(result, "the password alone signed in an account with an authenticator").toMatchObject({
      ok: false,
      code: "totp_required",
    });
    expect(await sessionCount(user.id)).toBe(0);
  });
});
