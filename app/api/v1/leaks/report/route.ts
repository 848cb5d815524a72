import { reportLeaksRoute } from "@/lib/api/leaks";

// POST: leak reports from an organization's own scanners (management key). Handler: lib/api/leaks.ts.
export const POST = reportLeaksRoute;
