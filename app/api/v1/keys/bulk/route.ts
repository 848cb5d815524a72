import { bulkKeysRoute } from "@/lib/api/keys";

// POST: disable, enable or revoke many keys (dryRun: preview). Handler: lib/api/keys.ts.
export const POST = bulkKeysRoute;
