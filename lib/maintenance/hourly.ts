import { HOUR_MS } from "@/lib/time";

/**
 * Runs `task` now and then every hour until stopped. A failed run is logged in one line under
 * `[label]` and the task is simply tried again the next hour; the timer never keeps the process up.
 */
export function everyHour(label: string, task: () => Promise<unknown>): () => void {
  const run = () => {
    task().catch((error: unknown) => {
      console.error(`[${label}] ${error instanceof Error ? error.message.split("\n")[0] : "run failed"}`);
    });
  };
  run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
