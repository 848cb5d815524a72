import { enableKeyRoute } from "@/lib/api/keys";

// POST: enable the key. Handler: lib/api/keys.ts.
export const POST = enableKeyRoute;
