import { whoAmIRoute } from "@/lib/api/caller";

// GET: the calling management key and its scope. Handler: lib/api/caller.ts.
export const GET = whoAmIRoute;
