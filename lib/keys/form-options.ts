import { getPublicBaseUrl } from "@/lib/connect/public-url";
import { getDb } from "@/lib/db";
import { getKeyPolicy } from "./policy-store";
import type { KeyScope } from "./queries";
import { offerablePermissions } from "./references";

// A page read apart from ./queries.ts because the public URL may come from the request's origin
// (Next's headers()): the CLI and the node:http server load ./queries.ts, never this.

/** What the console's key forms offer in a scope: the permission catalog, the key policy, the public URL. */
export async function keyFormOptions(organizationId: string, scope: KeyScope["type"]) {
  const db = getDb();
  const [catalog, policy, publicUrl] = await Promise.all([
    offerablePermissions(db, organizationId, scope),
    getKeyPolicy(db, organizationId),
    getPublicBaseUrl(),
  ]);
  return { catalog, policy, publicUrl };
}
