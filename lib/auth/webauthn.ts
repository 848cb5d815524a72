import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { verifyAuthenticationResponse, type VerifyAuthenticationResponseOpts } from "@simplewebauthn/server";
import { getDb } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { MINUTE_MS } from "@/lib/time";
import { authenticationResponseSchema } from "./passkey-schemas";
import { PASSKEY_PREFIX } from "./passkey-answer";

// The WebAuthn ceremony's server half for Keyplane's passkeys (README, "Passkeys"), on top of
// @simplewebauthn/server: the relying party, single-use challenges and the check of an assertion.
//
// - The relying party is the installation's public URL (KEYPLANE_PUBLIC_URL, else the address the
//   console was opened at): its host is the RP ID and its origin the only accepted origin.
// - A challenge is a PasskeyChallenge row, made for one purpose and one user and deleted by the
//   check that answers it, with a conditional delete: of two answers to one challenge at most one
//   wins. A sign-in challenge (asked for before anyone is known) is signed instead of stored, and
//   its answer stores it, once. Either is refused after CHALLENGE_TTL_MS.
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

/**
 * A fresh challenge for one ceremony. A signed-in user's challenge (register, step-up) is stored
 * until it is answered or expires; a sign-in challenge is asked for by anyone, so it is stored
 * nowhere: it carries its own expiry and an HMAC under AUTH_SECRET, and only its answer is stored.
 */
export async function issueChallenge(purpose: ChallengePurpose, userId: string | null): Promise<string> {
  const expiresAt = Date.now() + CHALLENGE_TTL_MS;
  if (purpose === "sign_in") return signedChallenge(randomBytes(SIGN_IN_NONCE_BYTES), expiresAt);
  const challenge = randomBytes(32).toString("base64url");
  await getDb().passkeyChallenge.create({
    data: { challenge, purpose, userId, expiresAt: new Date(expiresAt) },
  });
  return challenge;
}

const SIGN_IN_NONCE_BYTES = 16;
const SIGN_IN_CHALLENGE_BYTES = SIGN_IN_NONCE_BYTES + 8 + 32;

/** nonce ‖ expiry (ms, big-endian) ‖ HMAC-SHA-256(nonce ‖ expiry), base64url. */
function signedChallenge(nonce: Buffer, expiresAt: number): string {
  const expiry = Buffer.alloc(8);
  expiry.writeBigUInt64BE(BigInt(expiresAt));
  return Buffer.concat([nonce, expiry, signInMac(nonce, expiry)]).toString("base64url");
}

function signInMac(nonce: Buffer, expiry: Buffer): Buffer {
  return createHmac("sha256", env().AUTH_SECRET)
    .update("keyplane passkey sign-in challenge\0")
    .update(nonce)
    .update(expiry)
    .digest();
}

/** The expiry of a sign-in challenge this server made, or null for anything else. */
function signInChallengeExpiry(challenge: string): Date | null {
  const bytes = Buffer.from(challenge, "base64url");
  if (bytes.length !== SIGN_IN_CHALLENGE_BYTES || bytes.toString("base64url") !== challenge) return null;
  const nonce = bytes.subarray(0, SIGN_IN_NONCE_BYTES);
  const expiry = bytes.subarray(SIGN_IN_NONCE_BYTES, SIGN_IN_NONCE_BYTES + 8);
  if (!timingSafeEqual(bytes.subarray(SIGN_IN_NONCE_BYTES + 8), signInMac(nonce, expiry))) return null;
  return new Date(Number(expiry.readBigUInt64BE()));
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
  if (purpose === "sign_in") return spendSignInChallenge(challenge);
  const { count } = await getDb().passkeyChallenge.deleteMany({
    where: { challenge, purpose, userId, expiresAt: { gt: new Date() } },
  });
  return count === 1;
}

/**
 * A sign-in challenge is used up by storing it, kept until it expires (housekeeping sweeps it): the
 * unique column lets one answer in. Only a caller past the password step gets here.
 */
async function spendSignInChallenge(challenge: string): Promise<boolean> {
  const expiresAt = signInChallengeExpiry(challenge);
  if (!expiresAt || expiresAt.getTime() <= Date.now()) return false;
  try {
    await getDb().passkeyChallenge.create({
      data: { challenge, purpose: "sign_in", userId: null, expiresAt },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
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
