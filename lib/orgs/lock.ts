import { dbProvider, type Tx } from "@/lib/db";

/**
 * Locks the organization's row until the transaction ends (PostgreSQL), so changes that must
 * see the organization as it is now (its memberships, its owner count) queue up behind each other
 * and behind audited writes. Call it first in the transaction: FOR UPDATE also waits for
 * transactions that have inserted rows referencing the organization. SQLite runs write
 * transactions one at a time, so there is nothing to do there.
 */
export async function lockOrganization(tx: Tx, organizationId: string): Promise<void> {
  if (dbProvider() !== "postgresql") return;
  await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${organizationId} FOR UPDATE`;
}
