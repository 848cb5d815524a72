import { expect } from "vitest";
import { toCreateRow, syntheticEntries, type SyntheticOptions } from "./synthetic-audit";
import { checkAuditChain } from "@/lib/audit/chain-check";
import { getDb } from "@/lib/db";

// Audit assertions for integration tests. Any engineer's test may use them:
//   const { entry } = await expectOneAuditEntry("system.created", () => createSystemAction(input));

type AuditRow = Awaited<ReturnType<ReturnType<typeof getDb>["auditEntry"]["findFirstOrThrow"]>>;

/** Each organization's newest seq, to tell the entries a step adds from those already there. */
async function highWaterMarks(): Promise<Map<string, number>> {
  const groups = await getDb().auditEntry.groupBy({ by: ["organizationId"], _max: { seq: true } });
  return new Map(groups.map((g) => [g.organizationId, g._max.seq ?? 0]));
}

async function entriesSince(marks: Map<string, number>): Promise<AuditRow[]> {
  const known = [...marks.keys()];
  return getDb().auditEntry.findMany({
    where: {
      OR: [
        ...known.map((organizationId) => ({ organizationId, seq: { gt: marks.get(organizationId) ?? 0 } })),
        { organizationId: { notIn: known } },
      ],
    },
    orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
  });
}

/** A failed action result (`{ ok: false, code, … }`) is reported as such, not as "no entry". */
function assertNotFailed(result: unknown): void {
  if (
    typeof result === "object" &&
    result !== null &&
    "ok" in result &&
    result.ok === false &&
    "code" in result
  ) {
    throw new Error(`The step failed instead of changing something: ${JSON.stringify(result)}`);
  }
}

/**
 * Runs `fn` and asserts it wrote exactly one audit entry, with this action, and that the
 * organization's chain still verifies. Returns what `fn` returned and the entry.
 */
export async function expectOneAuditEntry<T>(
  action: string,
  fn: () => Promise<T>,
): Promise<{ result: T; entry: AuditRow }> {
  const marks = await highWaterMarks();
  const result = await fn();
  assertNotFailed(result);
  const added = await entriesSince(marks);
  expect(
    added.map((e) => e.action),
    `audit entries written by "${action}"`,
  ).toEqual([action]);
  const entry = added[0] as AuditRow;
  expect(await checkAuditChain(entry.organizationId)).toMatchObject({ ok: true });
  return { result, entry };
}

/** Runs `fn` and asserts it wrote no audit entry at all (a refused or no-op change). */
export async function expectNoAuditEntry<T>(fn: () => Promise<T>): Promise<T> {
  const marks = await highWaterMarks();
  const result = await fn();
  const added = await entriesSince(marks);
  expect(
    added.map((e) => e.action),
    "audit entries written",
  ).toEqual([]);
  return result;
}

/** Inserts a valid synthetic chain (./synthetic-audit.ts) after the organization's newest entry. */
export async function seedAuditChain(
  options: Omit<SyntheticOptions, "after">,
): Promise<{ count: number; head: { seq: number; hash: string } }> {
  const db = getDb();
  const last = await db.auditEntry.findFirst({
    where: { organizationId: options.organizationId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  let head = last ?? { seq: 0, hash: "" };
  let batch: ReturnType<typeof toCreateRow>[] = [];
  const flush = async () => {
    if (batch.length > 0) await db.auditEntry.createMany({ data: batch });
    batch = [];
  };
  for (const row of syntheticEntries({ ...options, after: last ?? undefined })) {
    batch.push(toCreateRow(row));
    head = { seq: row.seq, hash: row.hash };
    if (batch.length === 500) await flush();
  }
  await flush();
  return { count: options.count, head };
}
