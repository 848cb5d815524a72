import { revokeKeyRoute } from "@/lib/api/keys";

// POST: revoke the key. Handler: lib/api/keys.ts.
export const POST = revokeKeyRoute;
