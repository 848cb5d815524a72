import { githubLeakReportRoute } from "@/lib/api/leaks";

// POST: leak reports from GitHub's secret scanning partner program (signed). Handler: lib/api/leaks.ts.
export const POST = githubLeakReportRoute;
