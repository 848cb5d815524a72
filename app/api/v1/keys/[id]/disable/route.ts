import { disableKeyRoute } from "@/lib/api/keys";

// POST: disable the key. Handler: lib/api/keys.ts.
export const POST = disableKeyRoute;
