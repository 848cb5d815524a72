import { checkAuditChain } from "@/lib/audit/chain-check";
import { getDb, type Db } from "@/lib/db";
import { logger } from "@/lib/ops/logger";
import { everyHour } from "./hourly";
import { queueOnce, subscriptionsByOrganization } from "./occasions";

// The hourly audit chain check for webhooks (README.md, "Webhooks"): every organization with an
// endpoint subscribed to `audit.chain_broken` has its whole chain checked (lib/audit/chain-check.ts,
// paged, so memory stays flat). A break is sent once: the event's id is derived from where and
// how the chain breaks, so the next hour finds it written and sends nothing until the break
// changes (another entry tampered with, or the same one differently).

export type ChainCheckResult = { checked: number; broken: number; sent: number };

export async function checkChainsForWebhooks(db: Db = getDb()): Promise<ChainCheckResult> {
  const organizations = (await subscriptionsByOrganization(db, ["audit.chain_broken"])).keys();
  const result: ChainCheckResult = { checked: 0, broken: 0, sent: 0 };
  for (const organizationId of organizations) {
    const check = await checkAuditChain(organizationId, { db });
    result.checked += 1;
    if (check.ok) continue;
    result.broken += 1;
    const { problem } = check;
    logger().warn(
      { job: "audit chain check", organizationId, seq: problem.seq, kind: problem.kind },
      problem.message,
    );
    const sent = await queueOnce(db, {
      organizationId,
      type: "audit.chain_broken",
      subjectId: null,
      occasion: `${organizationId}|${problem.seq}|${problem.kind}|${problem.entryId ?? ""}`,
      data: {
        problem: { seq: problem.seq, entryId: problem.entryId, kind: problem.kind, message: problem.message },
        entriesChecked: check.checked,
      },
    });
    if (sent) result.sent += 1;
  }
  return result;
}

/** Checks now and every hour until stopped (one log line per run). */
export function startChainChecks(): () => void {
  return everyHour("audit chain check", () => checkChainsForWebhooks());
}
