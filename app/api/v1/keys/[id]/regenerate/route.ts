import { regenerateSecretRoute } from "@/lib/api/keys";

// POST { slot }: replace the primary or secondary secret at once. Handler: lib/api/keys.ts.
export const POST = regenerateSecretRoute;
