import { errorMessage, logger } from "@/lib/ops/logger";
import { HOUR_MS } from "@/lib/time";

/**
 * Runs `task` now and then every hour until stopped; each run is one log line (`job: label`, its
 * duration and what the task returned), a failed one at error level. A failed run is simply tried
 * again the next hour; the timer never keeps the process up.
 */
export function everyHour(label: string, task: () => Promise<unknown>): () => void {
  const run = () => {
    const startedAt = performance.now();
    const durationMs = () => Math.round(performance.now() - startedAt);
    task().then(
      (result) => logger().info({ job: label, durationMs: durationMs(), result }, "job"),
      (error: unknown) =>
        logger().error({ job: label, durationMs: durationMs(), error: errorMessage(error) }, "job failed"),
    );
  };
  run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
