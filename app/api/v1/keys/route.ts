import { createKeyRoute, listKeysRoute } from "@/lib/api/keys";

// GET: list keys (paged, filtered). POST: create a key. Handlers: lib/api/keys.ts.
export const GET = listKeysRoute;
export const POST = createKeyRoute;
