import type { ErrorCode, FieldErrors } from "@/lib/errors";

// What every server action returns to the client. Never carries a stack or raw exception text.
export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors };
