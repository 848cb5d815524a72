import type { z } from "zod";
import { writeAudit } from "@/lib/audit/write";
import type { Tx } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { authenticate, type Authenticated } from "./authenticate";
import { parseJsonBody, readLimitedBody } from "./body";
import { DeniedError } from "./errors";
import { readIdempotencyKey, requestFingerprint, runIdempotent } from "./idempotency";
import type { BodyOf, OperationSpec, QueryOf } from "./operation";
import { jsonResponse, toErrorResponse, validationError, type ApiPayload } from "./respond";

// The one wrapper every management API route goes through, the REST twin of defineAction:
// authenticate the key (401 before anything about the request is revealed), read and parse the
// body and query with the operation's own schemas (400 / 422), run the handler, and turn every
// known failure into the JSON error shape. Handlers stay thin: they check the target's scope
// and call a core function through `mutate`, which opens the transaction (and honours
// Idempotency-Key where the operation declares it).

export type ApiRequest<O extends OperationSpec, P> = Authenticated & {
  request: Request;
  url: URL;
  params: P;
  body: BodyOf<O>;
  query: QueryOf<O>;
  /** Runs `work` in one transaction, or replays an earlier answer for the same Idempotency-Key. */
  mutate: (work: (tx: Tx) => Promise<ApiPayload>) => Promise<ApiPayload>;
};

type RouteContext<P> = { params: Promise<P> };

const MAX_BODY_BYTES = 64 * 1024;

export function apiRoute<
  const O extends OperationSpec,
  P extends Record<string, string> = Record<string, never>,
>(
  operation: O,
  handle: (api: ApiRequest<O, P>) => Promise<ApiPayload>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async function route(request, context) {
    try {
      const auth = await authenticate(request);
      const url = new URL(request.url);
      const raw = operation.body ? await readJsonBody(request, operation.bodyOptional === true) : undefined;
      const body = (operation.body ? parse(operation.body, raw) : undefined) as BodyOf<O>;
      const query = (operation.query ? parse(operation.query, queryObject(url)) : undefined) as QueryOf<O>;
      const params = await context.params;
      const idemKey = operation.idempotent ? readIdempotencyKey(request) : null;
      const mutate = (work: (tx: Tx) => Promise<ApiPayload>) =>
        idemKey === null
          ? transact(work)
          : runIdempotent(
              {
                caller: auth.caller,
                idemKey,
                fingerprint: requestFingerprint(request.method, url.pathname, raw ?? null),
              },
              work,
            );
      const payload = await handle({ ...auth, request, url, params, body, query, mutate });
      return jsonResponse(payload);
    } catch (error) {
      if (error instanceof DeniedError) await recordDenied(error, operation.id);
      return toErrorResponse(error, operation.id);
    }
  };
}

function parse(schema: z.ZodType, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** Query parameters as the table schemas take them: a repeated name becomes a list. */
function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    out[name] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return out;
}

/**
 * The body as JSON, whatever the Content-Type says (the key in the Authorization header is what
 * protects the API, not the media type). An empty body is {} when the operation allows it.
 */
async function readJsonBody(request: Request, optional: boolean): Promise<unknown> {
  const text = (await readLimitedBody(request, MAX_BODY_BYTES)).toString("utf8");
  if (text.trim() === "") {
    if (optional) return {};
    throw new AppError("BAD_REQUEST", "Send a JSON object as the request body.");
  }
  const value = parseJsonBody(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("BAD_REQUEST", "The request body must be a JSON object.");
  }
  return value;
}

/** A known key was refused: audited like a refused console action (never fails the answer). */
async function recordDenied(error: DeniedError, operation: string): Promise<void> {
  try {
    await transact((tx) =>
      writeAudit(tx, error.ctx, {
        action: "authorization.denied",
        outcome: "denied",
        targetType: "action",
        targetLabel: `api.${operation}`,
        metadata: { reason: error.reason },
      }),
    );
  } catch (auditError) {
    const message = auditError instanceof Error ? auditError.message.split("\n")[0] : "unknown error";
    console.error(`[api ${operation}] could not audit a refusal: ${message}`);
  }
}
