// What the audit page's filters offer: the organization's actions, target types and actors, with
// how many entries each has. Read from AuditTerm, which database triggers keep in step with every
// insert, delete or change of an entry (prisma/migrations/*/*_audit_terms/migration.sql): one
// small indexed read whatever the log's size, and exact however the entries were written.
import { getDb } from "@/lib/db";
import { actorParam } from "./filters";

export type ActorOption = { value: string; type: string; id: string | null; label: string; count: number };
export type FacetCount = { value: string; count: number };
export type AuditFacets = { actions: FacetCount[]; targetTypes: FacetCount[]; actors: ActorOption[] };

/** The actor select lists at most this many, the most active first. */
const MAX_ACTORS = 200;

export async function getAuditFacets(organizationId: string): Promise<AuditFacets> {
  const db = getDb();
  const terms = (kind: string) =>
    db.auditTerm.findMany({
      where: { organizationId, kind, count: { gt: 0 } },
      select: { value: true, count: true, actorType: true, label: true },
    });
  const [actions, targetTypes, actorRows] = await Promise.all([
    terms("action"),
    terms("targetType"),
    terms("actor"),
  ]);
  const busiest = actorRows.sort((a, b) => b.count - a.count).slice(0, MAX_ACTORS);
  const actors = busiest.flatMap(({ value, count, actorType, label }) => {
    if (actorType === null || label === null) return [];
    // The operator has no id: its row's value is "".
    const actor = { type: actorType, id: value === "" ? null : value };
    return [{ value: actorParam(actor), ...actor, label, count }];
  });
  return {
    actions: sortedCounts(actions.map(({ value, count }) => ({ value, count }))),
    targetTypes: sortedCounts(targetTypes.map(({ value, count }) => ({ value, count }))),
    actors: actors.sort((a, b) => a.label.localeCompare(b.label)),
  };
}

function sortedCounts(counts: FacetCount[]): FacetCount[] {
  return counts.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
