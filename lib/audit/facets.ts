// What the audit page's filters offer: the organization's actions, target types and actors, with
// how many entries each has. Plain grouped counts on every request, each bounded: actions, target
// types and actor ids are counted through covering indexes (tens of milliseconds for 100,000
// entries); only the most active actors are named, from the newest entries, where a name is one
// index range away.
import { getDb } from "@/lib/db";
import { actorParam } from "./filters";

export type ActorOption = { value: string; type: string; id: string | null; label: string; count: number };
export type FacetCount = { value: string; count: number };
export type AuditFacets = { actions: FacetCount[]; targetTypes: FacetCount[]; actors: ActorOption[] };

/** The actor select lists at most this many, the most active first. */
const MAX_ACTORS = 200;
/** Actors are named from this many newest entries; an older actor by one entry of theirs. */
const NAMING_WINDOW = 5_000;

export async function getAuditFacets(organizationId: string): Promise<AuditFacets> {
  const db = getDb();
  const where = { organizationId };
  const [actions, targetTypes, actorIds] = await Promise.all([
    db.auditEntry.groupBy({ by: ["action"], where, _count: { _all: true } }),
    db.auditEntry.groupBy({ by: ["targetType"], where, _count: { _all: true } }),
    db.auditEntry.groupBy({ by: ["actorId"], where, _count: { _all: true } }),
  ]);
  const busiest = actorIds.sort((a, b) => b._count._all - a._count._all).slice(0, MAX_ACTORS);
  const names = await nameActors(
    organizationId,
    busiest.map((a) => a.actorId),
  );
  const actors = busiest.flatMap(({ actorId, _count }) => {
    const name = names.get(actorId);
    if (!name) return [];
    const actor = { type: name.type, id: actorId };
    return [{ value: actorParam(actor), ...actor, label: name.label, count: _count._all }];
  });
  return {
    actions: sortedCounts(actions.map((a) => ({ value: a.action, count: a._count._all }))),
    targetTypes: sortedCounts(targetTypes.map((t) => ({ value: t.targetType, count: t._count._all }))),
    actors: actors.sort((a, b) => a.label.localeCompare(b.label)),
  };
}

type ActorName = { type: string; label: string };

/**
 * Each actor's type and the label of their newest entry among the newest NAMING_WINDOW (an email
 * can change over time); an actor only seen before that by one of their entries. A null id is the
 * operator, who has no id.
 */
async function nameActors(
  organizationId: string,
  ids: (string | null)[],
): Promise<Map<string | null, ActorName>> {
  const db = getDb();
  const head = await db.auditEntry.findFirst({
    where: { organizationId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  const recent = await db.auditEntry.groupBy({
    by: ["actorId"],
    where: { organizationId, seq: { gt: (head?.seq ?? 0) - NAMING_WINDOW } },
    _max: { seq: true },
  });
  const wanted = new Set(ids);
  const newest = recent.flatMap((a) => (wanted.has(a.actorId) && a._max.seq !== null ? [a._max.seq] : []));
  const rows = await db.auditEntry.findMany({
    where: { organizationId, seq: { in: newest } },
    select: { actorId: true, actorType: true, actorLabel: true },
  });
  const names = new Map(rows.map((r) => [r.actorId, { type: r.actorType, label: r.actorLabel }]));
  for (const actorId of ids) {
    if (names.has(actorId)) continue;
    const row = await db.auditEntry.findFirst({
      where: { organizationId, actorId },
      select: { actorType: true, actorLabel: true },
    });
    if (row) names.set(actorId, { type: row.actorType, label: row.actorLabel });
  }
  return names;
}

function sortedCounts(counts: FacetCount[]): FacetCount[] {
  return counts.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
