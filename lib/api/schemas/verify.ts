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
