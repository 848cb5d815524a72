import { userKeyAccess } from "@/lib/auth/key-access";
import { getDb, type Prisma } from "@/lib/db";
import { hashSecret } from "./hash";

// "Which key is this?" (incident response): a pasted secret, a key id or the last four
// characters of a secret, looked up only among the keys the person may read in their own
// organizations. The secret is hashed at once and never stored, logged or sent back; a secret of
// another organization and one that does not exist take the same query and get the same empty
// answer, so nothing says whether another tenant has it.

export type FoundKey = {
  id: string;
  label: string;
  state: string;
  hint: string | null;
  organization: { slug: string; name: string };
  system: { id: string; name: string } | null;
  matchedBy: "secret" | "id" | "hint";
};

const MAX_RESULTS = 10;
const HINT_LENGTH = 4;
const ID_LIKE = /^[a-z0-9]{20,40}$/;

const foundSelect = {
  id: true,
  label: true,
  state: true,
  organizationId: true,
  systemId: true,
  organization: { select: { slug: true, name: true } },
  system: { select: { id: true, name: true } },
  secrets: { where: { slot: "primary" }, select: { hint: true }, take: 1 },
} as const satisfies Prisma.ApiKeySelect;

type FoundRow = Prisma.ApiKeyGetPayload<{ select: typeof foundSelect }>;

function present(row: FoundRow, matchedBy: FoundKey["matchedBy"]): FoundKey {
  return {
    id: row.id,
    label: row.label,
    state: row.state,
    hint: row.secrets[0]?.hint ?? null,
    organization: row.organization,
    system: row.system,
    matchedBy,
  };
}

/** The keys `query` names that the person may read: by secret, by id, or by a hint's last 4. */
export async function findKeys(
  user: { id: string; totpEnabled: boolean; passkeyEnabled: boolean },
  query: string,
): Promise<FoundKey[]> {
  const text = query.trim();
  const readable = await userKeyAccess(user.id, "read", { factors: user });
  const db = getDb();
  const inReach = { organizationId: { in: readable.organizationIds } };
  const found: FoundKey[] = [];
  const seen = new Set<string>();
  const add = (rows: FoundRow[], matchedBy: FoundKey["matchedBy"]) => {
    for (const row of rows) {
      if (seen.has(row.id) || !readable.allows(row.organizationId, row.systemId)) continue;
      seen.add(row.id);
      found.push(present(row, matchedBy));
    }
  };

  if (text.length === HINT_LENGTH) {
    const secrets = await db.keySecret.findMany({
      where: { ...inReach, hint: { endsWith: text } },
      select: { keyId: true },
      take: MAX_RESULTS * 5,
    });
    const rows = await db.apiKey.findMany({
      where: { ...inReach, id: { in: secrets.map((secret) => secret.keyId) } },
      select: foundSelect,
      orderBy: { createdAt: "desc" },
    });
    add(rows, "hint");
    return found.slice(0, MAX_RESULTS);
  }
  // Every other text is tried as a secret: the same one query whatever it is.
  const secret = await db.keySecret.findFirst({
    where: { ...inReach, hash: hashSecret(text) },
    select: { key: { select: foundSelect } },
  });
  if (secret) add([secret.key], "secret");
  if (ID_LIKE.test(text)) {
    const byId = await db.apiKey.findMany({ where: { ...inReach, id: text }, select: foundSelect });
    add(byId, "id");
  }
  return found;
}
