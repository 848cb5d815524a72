import { topUpCreditsRoute } from "@/lib/api/keys";

// POST: add credits to the key's balance. Handler: lib/api/keys.ts.
export const POST = topUpCreditsRoute;
