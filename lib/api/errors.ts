import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

// Failures of the management API that need more than a code and a message on their way out.

/**
 * A known caller refused (403). It carries what the audit entry needs; the route wrapper writes
 * that entry after any transaction has ended (SQLite runs one write transaction at a time, so it
 * cannot be written from inside the one being rolled back).
 */
export class DeniedError extends AppError {
  constructor(
    message: string,
    readonly ctx: Ctx,
    readonly reason: string,
  ) {
    super("FORBIDDEN", message);
    this.name = "DeniedError";
  }
}

/** 429 with a Retry-After (seconds). */
export class RetryLaterError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("RATE_LIMITED", message);
    this.name = "RetryLaterError";
  }
}
