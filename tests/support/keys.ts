import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getDb } from "@/lib/db";
import { generateSecret } from "@/lib/keys/format";
import { hashSecret, secretHint } from "@/lib/keys/hash";
import type { FastPathHandler } from "@/lib/http/server";
import type { VerifyFastPath } from "@/lib/verify/http";
import { clientAddressStep, type ClientAddressOptions } from "./client-address";

// Support for the verify tests. Keys and secrets are written as rows, so these tests state their
// starting point plainly and do not depend on the key lifecycle cores (tested on their own).

export interface KeyRowOptions {
  organizationId: string;
  systemId?: string | null;
  label?: string;
  state?: "active" | "disabled" | "revoked";
  expiresAt?: Date;
  allowedCidrs?: string[];
  /** Permission names; created in the organization's catalog when missing. */
  permissions?: string[];
  /** For an organization key: the systems it is limited to. */
  systemLimits?: string[];
}

export interface SecretRowOptions {
  slot?: "primary" | "secondary" | "rolled";
  graceEndsAt?: Date | null;
  /** A custom secret value; a generated one by default. */
  secret?: string;
}

export async function createKeyRow(options: KeyRowOptions, secretOptions: SecretRowOptions = {}) {
  const db = getDb();
  const permissionIds = await Promise.all(
    (options.permissions ?? []).map(async (name) => {
      const row = await db.permission.upsert({
        where: { organizationId_name: { organizationId: options.organizationId, name } },
        create: { organizationId: options.organizationId, name },
        update: {},
        select: { id: true },
      });
      return row.id;
    }),
  );
  const key = await db.apiKey.create({
    data: {
      organizationId: options.organizationId,
      systemId: options.systemId ?? null,
      label: options.label ?? `key-${Math.random().toString(36).slice(2, 8)}`,
      state: options.state ?? "active",
      expiresAt: options.expiresAt ?? new Date(Date.now() + 365 * 86_400_000),
      allowedCidrs: options.allowedCidrs ?? [],
      permissions: { create: permissionIds.map((permissionId) => ({ permissionId })) },
      systemLimits: { create: (options.systemLimits ?? []).map((systemId) => ({ systemId })) },
    },
  });
  const secret = await addSecretRow(key, secretOptions);
  return { key, secret };
}

/** Adds a secret to a key and returns its value (shown to the test only). */
export async function addSecretRow(
  key: { id: string; organizationId: string },
  options: SecretRowOptions = {},
): Promise<string> {
  const secret = options.secret ?? generateSecret();
  await getDb().keySecret.create({
    data: {
      keyId: key.id,
      organizationId: key.organizationId,
      slot: options.slot ?? "primary",
      hash: hashSecret(secret),
      hint: secretHint(secret),
      graceEndsAt: options.graceEndsAt ?? null,
    },
  });
  return secret;
}

/**
 * A bare node:http server on a free port serving only the given fast path (no Next.js), as
 * lib/http/server.ts would run it: the caller's address header set from the socket.
 * On PostgreSQL it first waits for the fast path's change listener: its first LISTEN drops the
 * cache (notices may have been missed before it), which would otherwise race the test.
 */
export async function startFastPathServer(
  fastPath: FastPathHandler | VerifyFastPath,
  options: ClientAddressOptions = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  if ("runtime" in fastPath) await fastPath.runtime.listener?.ready;
  const decideClientAddress = clientAddressStep(options);
  const server = createServer((req, res) => {
    decideClientAddress(req);
    void Promise.resolve(fastPath(req, res)).then((handled) => {
      if (!handled) {
        res.statusCode = 404;
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
