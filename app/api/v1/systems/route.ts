import { createSystemRoute, listSystemsRoute } from "@/lib/api/systems";

// GET: list systems. POST: create a system. Handlers: lib/api/systems.ts.
export const GET = listSystemsRoute;
export const POST = createSystemRoute;
