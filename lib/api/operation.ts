import type { z } from "zod";
import type { ErrorCode } from "@/lib/errors";

// One management API operation, declared once: the route wrapper parses the body and query with
// these very schemas, and lib/api/openapi builds the document from the same declarations.

type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export type ResponseSpec = {
  description: string;
  /** A JSON body; omitted for bodiless answers (e.g. 204). */
  schema?: z.ZodType;
  headers?: Record<string, { description: string }>;
};

export type OperationSpec = {
  id: string;
  method: HttpMethod;
  /** OpenAPI path template, e.g. /api/v1/keys/{id}. */
  path: string;
  tag: "Keys" | "Systems" | "Webhooks" | "Verification" | "Meta";
  summary: string;
  description: string;
  /**
   * "key": management key with keys:manage (adds 401/403/429 answers); "verify": the key being
   * checked is the credential (the verify endpoints' own answers); "none": public.
   */
  security: "key" | "verify" | "none";
  body?: z.ZodType;
  /** An empty body is read as {} (actions whose every field is optional). */
  bodyOptional?: boolean;
  query?: z.ZodObject;
  /** Request headers other than Authorization (which the security scheme describes). */
  requestHeaders?: z.ZodObject;
  /** Honours the Idempotency-Key header. */
  idempotent?: boolean;
  /** Error answers beyond those the document derives (e.g. 404 for an unknown system in a query). */
  extraErrors?: readonly ErrorCode[];
  /** Success answers by status; error answers of "key" operations are added by the document. */
  responses: Record<number, ResponseSpec>;
};

/** Keeps the literal type (so `body` and `query` types reach the route wrapper). */
export function defineOperation<const O extends OperationSpec>(spec: O): O {
  return spec;
}

export type BodyOf<O> = O extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;
export type QueryOf<O> = O extends { query: infer Q extends z.ZodType } ? z.output<Q> : undefined;
