import { checkpointAndAnchor } from "@/lib/audit/checkpoints";
import { everyHour } from "./hourly";

/**
 * Signs every organization's audit chain head at start and then every hour, and sends what the
 * anchor (KEYPLANE_AUDIT_ANCHOR_URL) has not accepted yet (lib/audit/checkpoints.ts). Safe with
 * several instances: one checkpoint per organization and hour, whichever comes first.
 */
export function startCheckpoints(): () => void {
  return everyHour("audit checkpoints", () => checkpointAndAnchor());
}
