import type { z } from "zod";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import type { RequestMeta } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { getRequestMeta } from "@/lib/http/request-meta";
import { validationFailure } from "./to-action-error";
import type { ActionResult } from "./result";
import { toActionError } from "./to-action-error";

// Actions that act on the caller's own account (their organizations list, TOTP, password) or,
// for the public ones, on nobody's yet (set-up, sign-in). They share the parsing and error
// handling of defineAction; organization-scoped work must use defineAction instead.

export const USER_ACTION_NAMES = new Set<string>();
export const PUBLIC_ACTION_NAMES = new Set<string>();

type UserActionDef<S extends z.ZodType, R> = {
  name: string;
  schema: S;
  run: (user: SessionUser, input: z.infer<S>, meta: RequestMeta) => Promise<R>;
};

/**
 * The frame every signed-in action shares (defineAction's too): the session first, then the input
 * schema, then `run`; whatever it throws becomes the action's error answer.
 */
export function signedInAction<S extends z.ZodType, R>(
  name: string,
  schema: S,
  run: (user: SessionUser, input: z.infer<S>) => Promise<R>,
) {
  return async function action(raw: unknown): Promise<ActionResult<R>> {
    try {
      const user = await getSessionUser();
      if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return validationFailure(parsed.error);
      return { ok: true, data: await run(user, parsed.data) };
    } catch (error) {
      return toActionError(error, name);
    }
  };
}

export function defineUserAction<S extends z.ZodType, R>(def: UserActionDef<S, R>) {
  USER_ACTION_NAMES.add(def.name);
  return signedInAction(def.name, def.schema, async (user, input) =>
    def.run(user, input, await getRequestMeta()),
  );
}

type PublicActionDef<S extends z.ZodType, R> = {
  name: string;
  schema: S;
  run: (input: z.infer<S>, meta: RequestMeta) => Promise<R>;
};

export function definePublicAction<S extends z.ZodType, R>(def: PublicActionDef<S, R>) {
  PUBLIC_ACTION_NAMES.add(def.name);
  return async function action(raw: unknown): Promise<ActionResult<R>> {
    try {
      const parsed = def.schema.safeParse(raw);
      if (!parsed.success) return validationFailure(parsed.error);
      return { ok: true, data: await def.run(parsed.data, await getRequestMeta()) };
    } catch (error) {
      return toActionError(error, def.name);
    }
  };
}
