import { z } from "zod";
import { AppError, ERROR_STATUS, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { RetryLaterError } from "./errors";

// Every answer of the management API is JSON and carries Cache-Control: no-store: some carry a
// secret, and none should sit in a proxy or browser cache. Errors have one shape,
// { error: { code, message, fields? } }; unknown failures are logged here and answered generically.

export type ApiPayload = { status: number; body: unknown; headers?: Record<string, string> };

const NO_STORE = "no-store";

export function jsonResponse(payload: ApiPayload): Response {
  return new Response(JSON.stringify(payload.body), {
    status: payload.status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": NO_STORE,
      ...payload.headers,
    },
  });
}

function errorBody(code: ErrorCode, message: string, fields?: FieldErrors) {
  return { error: { code, message, ...(fields && Object.keys(fields).length > 0 ? { fields } : {}) } };
}

function errorResponse(
  code: ErrorCode,
  message: string,
  fields?: FieldErrors,
  extraHeaders: Record<string, string> = {},
): Response {
  const headers: Record<string, string> =
    code === "UNAUTHENTICATED" ? { "www-authenticate": 'Bearer realm="keyplane"' } : {};
  return jsonResponse({
    status: ERROR_STATUS[code],
    body: errorBody(code, message, fields),
    headers: { ...headers, ...extraHeaders },
  });
}

/** Field errors from a schema, keyed by the dotted path ("grace.until"), first message per field. */
function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      // Named per field, so a typo ("lable") points at itself rather than at the whole body.
      for (const name of issue.keys) fields[path ? `${path}.${name}` : name] ??= "Unknown field.";
      continue;
    }
    fields[path || "body"] ??= issue.message;
  }
  return fields;
}

export function validationError(error: z.ZodError): AppError {
  return new AppError("VALIDATION_FAILED", "The request has invalid fields.", zodFieldErrors(error));
}

/** Known failures keep their code and message; anything else is logged (one line) and hidden. */
export function toErrorResponse(error: unknown, operation: string): Response {
  if (error instanceof RetryLaterError) {
    return errorResponse(error.code, error.message, undefined, {
      "retry-after": String(Math.max(1, error.retryAfterSeconds)),
    });
  }
  if (error instanceof AppError) return errorResponse(error.code, error.message, error.fieldErrors);
  if (error instanceof z.ZodError) return toErrorResponse(validationError(error), operation);
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : "";
  console.error(`[api ${operation}] unexpected ${name}: ${message}`);
  return errorResponse("INTERNAL", "Something went wrong. Please try again.");
}
