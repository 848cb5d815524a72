import { rollKeyRoute } from "@/lib/api/keys";

// POST { grace? }: a new primary secret; the old one works until the grace end. Handler: lib/api/keys.ts.
export const POST = rollKeyRoute;
