import { randomBytes } from "node:crypto";
import { verifyAuthenticationResponse, type VerifyAuthenticationResponseOpts } from "@simplewebauthn/server";
import { getDb } from "@/lib/db";
import { MINUTE_MS } from "@/lib/time";
import { authenticationResponseSchema } from "./passkey-schemas";
import { PASSKEY_PREFIX } from "./passkey-answer";

// The WebAuthn ceremony's server half for Keyplane's passkeys (README, "Passkeys"), on top of
// @simplewebauthn/server: the relying party, single-use challenges and the check of an assertion.
//
// - The relying party is the installation's public URL (KEYPLANE_PUBLIC_URL, else the address the
//   console was opened at): its host is the RP ID and its origin the only accepted origin.
// - A challenge is a PasskeyChallenge row, made for one purpose (and one user, except at sign-in)
//   and deleted by the check that answers it, with a conditional delete: of two answers to one
//   challenge at most one wins. It is refused after CHALLENGE_TTL_MS.
// - The signature counter must grow whenever the authenticator keeps one (not zero); it is stored
//   with a compare-and-set, so two requests carrying one assertion cannot both pass.

const CHALLENGE_TTL_MS = 5 * MINUTE_MS;

export type RelyingParty = { rpID: string; origin: string; name: string };
export type ChallengePurpose = "register" | "step_up" | "sign_in";
export type PasskeyFailure = "passkey_invalid" | "passkey_challenge" | "passkey_counter" | "passkey_unknown";
export type PasskeyCheck =
  { ok: true; passkeyId: string; name: string } | { ok: false; reason: PasskeyFailure };

/** The relying party of the installation served at `baseUrl` (an absolute http(s) URL). */
export function relyingPartyFor(baseUrl: string): RelyingParty {
  const url = new URL(baseUrl);
  return { rpID: url.hostname, origin: url.origin, name: "Keyplane" };
}

/** A fresh challenge for one ceremony, stored until it is answered or expires. */
export async function issueChallenge(purpose: ChallengePurpose, userId: string | null): Promise<string> {
  const challenge = randomBytes(32).toString("base64url");
  await getDb().passkeyChallenge.create({
    data: { challenge, purpose, userId, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) },
  });
  return challenge;
}

/**
 * Uses a challenge up: true for exactly one caller, and only while it is unexpired and was made
 * for this purpose and user.
 */
export async function consumeChallenge(
  challenge: string,
  purpose: ChallengePurpose,
  userId: string | null,
): Promise<boolean> {
  const { count } = await getDb().passkeyChallenge.deleteMany({
    where: { challenge, purpose, userId, expiresAt: { gt: new Date() } },
  });
  return count === 1;
}

/** The challenge a browser signed, read from its client data (checked again by the library). */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    if (
      typeof data === "object" &&
      data !== null &&
      "challenge" in data &&
      typeof data.challenge === "string"
    )
      return data.challenge;
  } catch {
    // not JSON: refused below
  }
  return null;
}

/**
 * Checks a passkey answer (PASSKEY_PREFIX + the assertion's JSON) for `userId`: the challenge is
 * used up first, the credential must be one of this user's passkeys, the signature must verify for
 * this relying party, and the counter must grow. On success the passkey's counter and last use
 * are stored.
 */
export async function checkPasskeyAnswer(
  userId: string,
  answer: string,
  purpose: "step_up" | "sign_in",
  rp: RelyingParty,
): Promise<PasskeyCheck> {
  const parsed = parseAnswer(answer);
  if (!parsed) return { ok: false, reason: "passkey_invalid" };
  const challenge = challengeOf(parsed.response.clientDataJSON);
  if (!challenge) return { ok: false, reason: "passkey_invalid" };
  if (!(await consumeChallenge(challenge, purpose, purpose === "sign_in" ? null : userId)))
    return { ok: false, reason: "passkey_challenge" };
  const passkey = await getDb().passkey.findFirst({ where: { credentialId: parsed.id, userId } });
  if (!passkey) return { ok: false, reason: "passkey_unknown" };
  let newCounter: number;
  try {
    const result = await verifyAuthenticationResponse({
      response: parsed,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
      authenticator: {
        credentialID: passkey.credentialId,
        credentialPublicKey: Buffer.from(passkey.publicKey, "base64url"),
        counter: Number(passkey.counter),
        transports: parseTransports(passkey.transports),
      },
    });
    if (!result.verified) return { ok: false, reason: "passkey_invalid" };
    newCounter = result.authenticationInfo.newCounter;
  } catch (error) {
    const counter = error instanceof Error && /counter/i.test(error.message);
    return { ok: false, reason: counter ? "passkey_counter" : "passkey_invalid" };
  }
  const { count } = await getDb().passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: BigInt(newCounter), lastUsedAt: new Date() },
  });
  if (count !== 1) return { ok: false, reason: "passkey_counter" };
  return { ok: true, passkeyId: passkey.id, name: passkey.name };
}

function parseAnswer(answer: string) {
  if (!answer.startsWith(PASSKEY_PREFIX)) return null;
  try {
    const result = authenticationResponseSchema.safeParse(JSON.parse(answer.slice(PASSKEY_PREFIX.length)));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

type Transports = NonNullable<VerifyAuthenticationResponseOpts["authenticator"]["transports"]>;

export function parseTransports(json: string): Transports {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value.filter((item) => typeof item === "string") as Transports) : [];
  } catch {
    return [];
  }
}
