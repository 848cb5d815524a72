import { getKeyUsageRoute } from "@/lib/api/keys";

// GET: the key's verifications per day over the last 30 days. Handler: lib/api/keys.ts.
export const GET = getKeyUsageRoute;
