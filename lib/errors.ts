// Known failures carry a stable code; entry points turn them into action results or JSON errors.
// Anything else is unexpected: logged on the server, shown as a generic message.

export const ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 422,
  BAD_REQUEST: 400,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** End grace now, while the rolled secret verified within the last hour (lib/keys/end-grace.ts). */
  OLD_SECRET_IN_USE: 409,
  STEP_UP_REQUIRED: 403,
  TOTP_NOT_ENROLLED: 403,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function notFound(what = "That item"): AppError {
  return new AppError("NOT_FOUND", `${what} was not found.`);
}

export function forbidden(message = "You do not have permission to do that."): AppError {
  return new AppError("FORBIDDEN", message);
}

export function fieldError(field: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { [field]: message });
}

export function conflict(message: string, field?: string): AppError {
  return new AppError("CONFLICT", message, field ? { [field]: message } : undefined);
}
