import { deleteKeyRoute, getKeyRoute, updateKeyRoute } from "@/lib/api/keys";

// GET: one key. PATCH: edit it. DELETE: remove a revoked key. Handlers: lib/api/keys.ts.
export const GET = getKeyRoute;
export const PATCH = updateKeyRoute;
export const DELETE = deleteKeyRoute;
