// Nothing to share between files: each integration test file creates its own database
// (tests/support/db.ts), so files can run in parallel without seeing each other's rows.
export default function globalSetup(): void {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
}
