import { createHash } from "node:crypto";
import { decryptString, encryptString } from "@/lib/crypto/aes";
import { getDb, type Tx } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { encryptionKey } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ApiCaller } from "./authenticate";
import type { ApiPayload } from "./respond";
import { DAY_MS } from "@/lib/time";

// Idempotency-Key for create and roll (the two calls a script most needs to retry safely: each
// makes a secret, and running it twice would make two). The first successful answer is stored in
// the same transaction as the change, encrypted, since it holds the new secret. Within 24 hours,
// the same key with the same request gets that answer again (with Idempotent-Replayed: true)
// and nothing is done; with a different request it is refused (422). Records are per calling API
// key, so two callers can never read each other's answers. Failed requests are not stored: the
// client may fix the request and retry under the same key.

const IDEMPOTENCY_HEADER = "idempotency-key";
const REPLAYED_HEADER = "idempotent-replayed";
const IDEMPOTENCY_TTL_MS = DAY_MS;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type IdempotentRequest = { caller: ApiCaller; idemKey: string; fingerprint: string };

/** The header's value, or null when absent; 400 for a value that cannot be a key. */
export function readIdempotencyKey(request: Request): string | null {
  const value = request.headers.get(IDEMPOTENCY_HEADER);
  if (value === null) return null;
  if (!KEY_PATTERN.test(value)) {
    throw new AppError(
      "BAD_REQUEST",
      "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).",
    );
  }
  return value;
}

/** Method, path and body, with object keys sorted so formatting and key order do not matter. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Runs `work` in one transaction unless an earlier answer exists. If the transaction fails, a
 * concurrent twin (same key, same request) may have committed first and made this one conflict:
 * its answer is returned, exactly as a retry a moment later would get it.
 */
export async function runIdempotent(
  request: IdempotentRequest,
  work: (tx: Tx) => Promise<ApiPayload>,
): Promise<ApiPayload> {
  const earlier = await findAnswer(request);
  if (earlier) return earlier;
  try {
    return await transact(async (tx) => {
      const payload = await work(tx);
      if (payload.status < 300) await storeAnswer(tx, request, payload);
      return payload;
    });
  } catch (error) {
    const twin = await findAnswer(request);
    if (twin) return twin;
    throw error;
  }
}

type StoredAnswer = { body: unknown; headers?: Record<string, string> };

function aad(request: IdempotentRequest): string {
  return `idempotency:${request.caller.keyId}:${request.fingerprint}:${request.idemKey}`;
}

async function findAnswer(request: IdempotentRequest): Promise<ApiPayload | null> {
  const { caller, idemKey } = request;
  const db = getDb();
  const row = await db.idempotencyRecord.findUnique({
    where: { actorKeyId_idemKey: { actorKeyId: caller.keyId, idemKey } },
    select: {
      id: true,
      organizationId: true,
      requestHash: true,
      status: true,
      response: true,
      expiresAt: true,
    },
  });
  if (!row || row.organizationId !== caller.organizationId) return null;
  if (row.expiresAt.getTime() <= Date.now()) {
    await db.idempotencyRecord.deleteMany({ where: { id: row.id, expiresAt: { lte: new Date() } } });
    return null;
  }
  if (row.requestHash !== request.fingerprint) {
    const message = "This Idempotency-Key was already used for a different request. Use a new key.";
    throw new AppError("VALIDATION_FAILED", message, { "Idempotency-Key": message });
  }
  const stored = JSON.parse(decryptString(row.response, encryptionKey(), aad(request))) as StoredAnswer;
  return { status: row.status, body: stored.body, headers: { ...stored.headers, [REPLAYED_HEADER]: "true" } };
}

async function storeAnswer(tx: Tx, request: IdempotentRequest, payload: ApiPayload): Promise<void> {
  const now = new Date();
  // Expired answers are removed by the hourly housekeeping (lib/maintenance/housekeeping.ts),
  // and by findAnswer when a caller reuses its own expired key.
  const stored: StoredAnswer = { body: payload.body, headers: payload.headers };
  await tx.idempotencyRecord.create({
    data: {
      organizationId: request.caller.organizationId,
      actorKeyId: request.caller.keyId,
      idemKey: request.idemKey,
      requestHash: request.fingerprint,
      status: payload.status,
      response: encryptString(JSON.stringify(stored), encryptionKey(), aad(request)),
      createdAt: now,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
    },
  });
}
