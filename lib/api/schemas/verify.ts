import { z } from "zod";
import type { VerifyFields } from "@/lib/verify/body";
import type { VerifyErrorCode } from "@/lib/verify/responses";
import { VERIFY_CODES, type VerifyResult } from "@/lib/verify/types";
import { requestComponents, responseComponents } from "./common";

// The verification endpoints are served by the node:http fast path (lib/verify), which parses
// by hand for speed; these schemas only document them. The type assertions at the bottom keep
// them honest: a field or code added to lib/verify without being added here fails the build.

export const verifyRequestSchema = z
  .strictObject({
    key: z
      .string()
      .optional()
      .meta({ description: "The key to check, when not sent as `Authorization: Bearer <key>`." }),
    permission: z.string().max(256).optional().meta({ description: "One permission the key must hold." }),
    permissions: z
      .union([z.string().max(256), z.array(z.string().max(256)).max(64)])
      .optional()
      .meta({ description: "Permissions the key must all hold (together with `permission`, at most 64)." }),
    ip: z.string().max(64).optional().meta({
      description:
        "The address of the machine that presented the key, as the data plane reports it: checked against the key's IP ranges and recorded as its last use. Rate limiting counts the caller's own address instead.",
    }),
    system: z
      .string()
      .max(256)
      .optional()
      .meta({ description: "A system id or slug the key must be good for." }),
    ratelimits: z
      .array(
        z.strictObject({
          name: z.string().max(64),
          cost: z.number().int().min(0).max(1_000_000).optional(),
        }),
      )
      .max(16)
      .optional()
      .meta({
        description:
          "The key's rate limits to check besides its auto-applied ones, each with its cost (default 1); an auto-applied limit named here is charged this cost. Names the key does not have are ignored.",
      }),
    cost: z.number().int().min(0).max(1_000_000).optional().meta({
      description: "Credits this verification spends when the key has credits (default 1).",
    }),
  })
  .meta({
    description: "Unknown fields are ignored. The body may be empty when the key is in the header.",
    examples: [{ permission: "nodes:add", ip: "10.0.0.7", system: "payments" }],
  })
  .register(requestComponents, { id: "VerifyRequest" });

export const verifyResultSchema = z
  .strictObject({
    valid: z.boolean(),
    code: z.enum(VERIFY_CODES),
    keyId: z.string().nullable(),
    organizationId: z.string().nullable(),
    systemId: z
      .string()
      .nullable()
      .meta({ description: "The key's own system (null for an organization key)." }),
    permissions: z
      .array(z.string())
      .meta({ description: "The key's permissions when the key itself is live; [] otherwise." }),
    expiresAt: z.string().nullable().meta({ description: "ISO 8601, or null when no key was identified." }),
    externalId: z
      .string()
      .optional()
      .meta({ description: "The caller's own id for the key's customer or workload, when the key has one." }),
    meta: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: "The key's metadata object, when it has one." }),
    ratelimits: z
      .array(
        z.strictObject({
          name: z.string(),
          limit: z.number().int(),
          remaining: z.number().int(),
          reset: z
            .number()
            .int()
            .meta({ description: "When the window ends, in milliseconds since the epoch." }),
        }),
      )
      .optional()
      .meta({
        description: "The key's rate limits this verification checked (RATE_LIMITED: the answer is 429).",
      }),
    credits: z.strictObject({ remaining: z.number().int() }).optional().meta({
      description: "For a key with credits: the balance after this verification (USAGE_EXCEEDED at zero).",
    }),
  })
  .register(responseComponents, { id: "VerifyResult" });

const VERIFY_ERROR_CODES = [
  "INVALID_REQUEST",
  "MISSING_KEY",
  "CONFLICTING_KEYS",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "METHOD_NOT_ALLOWED",
  "UNAVAILABLE",
] as const;

export const verifyErrorSchema = verifyResultSchema
  .extend({
    error: z.strictObject({ code: z.enum(VERIFY_ERROR_CODES), message: z.string() }),
  })
  .meta({ description: "The request could not be verified at all: `valid` is false, `code` NOT_FOUND." })
  .register(responseComponents, { id: "VerifyError" });

// Compile-time checks against lib/verify's own types (exported so the checker keeps them; nothing imports them).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
/** @public */
export type VerifySchemaChecks = [
  Expect<Same<z.output<typeof verifyResultSchema>, VerifyResult>>,
  Expect<Same<(typeof VERIFY_ERROR_CODES)[number], VerifyErrorCode>>,
  Expect<Same<Exclude<keyof VerifyFields, keyof z.output<typeof verifyRequestSchema>>, never>>,
];
