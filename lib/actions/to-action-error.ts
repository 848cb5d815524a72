import { isRedirectError } from "next/dist/client/components/redirect-error";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { ActionResult } from "./result";

/** Known failures keep their code and message; anything else is logged and shown generically. */
export function toActionError(error: unknown, actionName: string): ActionResult<never> {
  if (isRedirectError(error)) throw error;
  // A schema failure found by a core (a custom secret that collides answers as a weak one).
  if (error instanceof z.ZodError) return validationFailure(error);
  if (error instanceof AppError) {
    return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  }
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message.split("\n")[0] : "";
  console.error(`[action ${actionName}] unexpected ${name}: ${message}`);
  return { ok: false, code: "INTERNAL", message: "Something went wrong. Please try again." };
}

export function validationFailure(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    fieldErrors[key] ??= issue.message;
  }
  return {
    ok: false,
    code: "VALIDATION_FAILED",
    message: "Please correct the highlighted fields.",
    fieldErrors,
  };
}
