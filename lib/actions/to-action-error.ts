import { isRedirectError } from "next/dist/client/components/redirect-error";
import { AppError } from "@/lib/errors";
import type { ActionResult } from "./result";

/** Known failures keep their code and message; anything else is logged and shown generically. */
export function toActionError(error: unknown, actionName: string): ActionResult<never> {
  if (isRedirectError(error)) throw error;
  if (error instanceof AppError) {
    return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  }
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message.split("\n")[0] : "";
  console.error(`[action ${actionName}] unexpected ${name}: ${message}`);
  return { ok: false, code: "INTERNAL", message: "Something went wrong. Please try again." };
}
