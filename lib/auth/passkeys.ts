import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type { z } from "zod";
import type { RequestMeta } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { AppError, conflict, notFound } from "@/lib/errors";
import { auditAccountChange } from "./account-audit";
import type { finishPasskeyRegistrationSchema } from "./passkey-schemas";
import { checkStepUp, stepUpFailureError } from "./step-up";
import {
  challengeOf,
  consumeChallenge,
  issueChallenge,
  parseTransports,
  type RelyingParty,
} from "./webauthn";

// The signed-in user's passkeys (README, "Passkeys"): several per account, each named, with when it
// was added and last used. Adding one is audited in every organization the user belongs to, like the
// authenticator app (lib/auth/totp-enrolment.ts); removing one needs a step-up (a TOTP code or a
// passkey) and is audited the same way.

type AccountUser = { id: string; email: string; name?: string };

const MAX_PASSKEYS = 20;

/** Options for navigator.credentials.create(): a discoverable credential of this account. */
export async function beginPasskeyRegistration(user: AccountUser, rp: RelyingParty) {
  const existing = await getDb().passkey.findMany({
    where: { userId: user.id },
    select: { credentialId: true, transports: true },
  });
  if (existing.length >= MAX_PASSKEYS)
    throw conflict(`An account can have at most ${MAX_PASSKEYS} passkeys.`);
  const challenge = await issueChallenge("register", user.id);
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.rpID,
    // The user handle: the account id's UTF-8 bytes.
    userID: Buffer.from(user.id, "utf8"),
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    challenge: Buffer.from(challenge, "base64url"),
    attestationType: "none",
    // Discoverable: signing in asks for a passkey without naming the account (nothing to enumerate).
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.credentialId,
      transports: parseTransports(passkey.transports),
    })),
  });
}

/** Stores the new passkey after checking the browser's answer to this user's registration challenge. */
export async function finishPasskeyRegistration(
  user: AccountUser,
  input: z.infer<typeof finishPasskeyRegistrationSchema>,
  meta: RequestMeta,
  rp: RelyingParty,
): Promise<{ id: string; name: string }> {
  const challenge = challengeOf(input.response.response.clientDataJSON);
  if (!challenge || !(await consumeChallenge(challenge, "register", user.id)))
    throw conflict("The passkey request expired or was already used. Add the passkey again.");
  let info;
  try {
    const result = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
    info = result.verified ? result.registrationInfo : undefined;
  } catch {
    info = undefined;
  }
  if (!info) throw new AppError("VALIDATION_FAILED", "The passkey could not be verified. Try again.");
  const credentialId = info.credentialID;
  const registered = info;
  return transact(async (tx) => {
    if (await tx.passkey.findUnique({ where: { credentialId }, select: { id: true } }))
      throw conflict("This passkey is already registered.");
    const passkey = await tx.passkey.create({
      data: {
        userId: user.id,
        credentialId,
        publicKey: Buffer.from(registered.credentialPublicKey).toString("base64url"),
        counter: BigInt(registered.counter),
        transports: JSON.stringify(input.response.response.transports ?? []),
        name: input.name,
      },
      select: { id: true, name: true },
    });
    await auditAccountChange(tx, user, meta, {
      action: "user.passkey_added",
      metadata: { passkeyId: passkey.id, name: passkey.name },
    });
    return passkey;
  });
}

/**
 * Options for navigator.credentials.get(). A step-up names the user's own passkeys; signing in
 * (before the account is confirmed) names none, so the options say nothing about any account.
 */
export async function passkeyAssertionOptions(
  purpose: "step_up" | "sign_in",
  user: { id: string } | null,
  rp: RelyingParty,
) {
  const passkeys = user
    ? await getDb().passkey.findMany({
        where: { userId: user.id },
        select: { credentialId: true, transports: true },
      })
    : [];
  if (user && passkeys.length === 0) throw new AppError("TOTP_NOT_ENROLLED", "Add a passkey first.");
  const challenge = await issueChallenge(purpose, user?.id ?? null);
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    challenge: Buffer.from(challenge, "base64url"),
    userVerification: "preferred",
    allowCredentials: passkeys.map((passkey) => ({
      id: passkey.credentialId,
      transports: parseTransports(passkey.transports),
    })),
  });
}

/** Removes one of the user's own passkeys after a fresh step-up (a TOTP code or a passkey). */
export async function removePasskey(
  user: AccountUser,
  input: { passkeyId: string; totpCode: string },
  meta: RequestMeta,
  rp: RelyingParty,
): Promise<void> {
  const passkey = await getDb().passkey.findFirst({
    where: { id: input.passkeyId, userId: user.id },
    select: { id: true, name: true },
  });
  if (!passkey) throw notFound("The passkey");
  const check = await checkStepUp(user.id, input.totpCode, rp);
  if (!check.ok) throw stepUpFailureError(check.reason, "totpCode");
  await transact(async (tx) => {
    const { count } = await tx.passkey.deleteMany({ where: { id: passkey.id, userId: user.id } });
    if (count === 0) throw notFound("The passkey");
    await auditAccountChange(tx, user, meta, {
      action: "user.passkey_removed",
      metadata: { passkeyId: passkey.id, name: passkey.name },
    });
  });
}
