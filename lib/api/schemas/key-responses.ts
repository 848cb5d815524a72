import { z } from "zod";
import { KEY_PAGE_SIZES } from "@/lib/keys/list-params";
import { EXPIRING_SOON_DAYS } from "@/lib/keys/policy";
import { responseComponents, timestampSchema } from "./common";

// What the key routes answer. lib/api/present.ts maps the cores' results onto these types; the
// TypeScript compiler keeps the two in step (a field missing on either side fails the build) and
// the integration tests parse real answers with these strict schemas.

const stateSchema = z
  .enum(["active", "disabled", "revoked"])
  .meta({ description: "The stored state: what the last lifecycle action set." });
const statusSchema = z
  .enum(["active", "disabled", "revoked", "expired"])
  .meta({ description: "What the key does right now: the state, or `expired` once its expiry has passed." });
const namedSystemSchema = z.strictObject({ id: z.string(), name: z.string() });

const creatorSchema = z
  .union([
    z.strictObject({ type: z.literal("user"), id: z.string(), name: z.string(), email: z.string() }),
    z.strictObject({ type: z.literal("key"), id: z.string() }),
  ])
  .nullable()
  .meta({ description: "Who created the key: a console user or an API key (null: the operator CLI)." });

const apiKeySecretSchema = z.strictObject({
  id: z.string(),
  slot: z.enum(["primary", "secondary", "rolled"]).meta({
    description: "`rolled`: the previous primary, working until `graceEndsAt`.",
  }),
  hint: z.string().meta({ description: "Prefix and last 4 characters; not secret." }),
  createdAt: timestampSchema,
  graceEndsAt: timestampSchema.nullable(),
  retrievable: z.boolean(),
});

const apiRatelimitSchema = z.strictObject({
  name: z.string(),
  limit: z.number().int(),
  durationMs: z.number().int(),
  autoApply: z
    .boolean()
    .meta({ description: "Checked on every verification, or only when a request names it." }),
});

const apiCreditsSchema = z.strictObject({
  remaining: z.number().int(),
  refill: z
    .strictObject({
      interval: z.enum(["daily", "monthly"]),
      amount: z.number().int(),
      day: z.number().int().optional(),
    })
    .nullable(),
});

const apiKeySchema = z
  .strictObject({
    id: z.string(),
    organizationId: z.string(),
    systemId: z.string().nullable().meta({ description: "null for an organization key." }),
    system: namedSystemSchema.nullable(),
    label: z.string(),
    description: z.string(),
    state: stateSchema,
    status: statusSchema,
    expiresAt: timestampSchema,
    expired: z.boolean(),
    expiringSoon: z.boolean().meta({ description: `Active and expiring within ${EXPIRING_SOON_DAYS} days.` }),
    allowedCidrs: z.array(z.string()),
    permissions: z.array(z.string()),
    systemLimits: z.array(namedSystemSchema),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: creatorSchema,
    disabledAt: timestampSchema.nullable(),
    revokedAt: timestampSchema.nullable(),
    lastUsedAt: timestampSchema.nullable(),
    lastUsedIp: z.string().nullable().meta({
      description:
        "The client address reported at the last use: the verify body's `ip`, or X-Real-IP / X-Forwarded-For from a trusted proxy on forward-auth (for a management key on this API, the caller's own). Not the address of the data plane that asked.",
    }),
    version: z.number().int().meta({ description: "Bumped by every change; send it as `expectedVersion`." }),
    hasSecondary: z.boolean(),
    secrets: z.array(apiKeySecretSchema).meta({ description: "Never a secret's value or hash." }),
    externalId: z.string().nullable().meta({ description: "Your own id for the customer or workload." }),
    meta: z.record(z.string(), z.unknown()).nullable().meta({ description: "Returned by verify as is." }),
    ratelimits: z.array(apiRatelimitSchema),
    credits: apiCreditsSchema.nullable().meta({ description: "null: the key spends no credits." }),
  })
  .register(responseComponents, { id: "Key" });
export type ApiKey = z.output<typeof apiKeySchema>;

export const keyResponseSchema = z
  .strictObject({ key: apiKeySchema })
  .register(responseComponents, { id: "KeyResponse" });

const secretsSchema = z
  .strictObject({
    primary: z.string().optional(),
    secondary: z.string().optional(),
  })
  .meta({ description: "Plaintext secrets, shown in this answer only: store them now." })
  .register(responseComponents, { id: "Secrets" });

export const keyWithSecretsResponseSchema = z
  .strictObject({ key: apiKeySchema, secrets: secretsSchema })
  .register(responseComponents, { id: "KeyWithSecretsResponse" });

const usageDaySchema = z.strictObject({
  day: z.string().meta({ description: "A UTC calendar day, YYYY-MM-DD.", examples: ["2026-11-24"] }),
  valid: z.number().int().meta({ description: "Verifications answered VALID." }),
  refused: z.number().int().meta({ description: "Verifications of this key refused for any reason." }),
});

const secretUsageSchema = z.strictObject({
  id: z.string(),
  slot: z.enum(["primary", "secondary", "rolled"]).meta({
    description: "`rolled`: the previous primary, verifying until `graceEndsAt`.",
  }),
  hint: z.string(),
  graceEndsAt: timestampSchema.nullable(),
  lastUsedAt: timestampSchema.nullable().meta({ description: "The secret's last VALID verification." }),
  lastUsedIp: z.string().nullable().meta({ description: "The client address the data plane reported then." }),
  callsLastHour: z.number().int(),
  calls24h: z.number().int(),
  inUse: z.boolean().meta({ description: "A rolled secret that verified within the last hour." }),
});

const keyImpactSchema = z.strictObject({
  calls24h: z.number().int().meta({ description: "VALID verifications in the last 24 hours." }),
  refused24h: z.number().int(),
  addresses24h: z.number().int().meta({
    description: "Distinct client addresses reported with VALID verifications in the last 24 hours.",
  }),
  lastUsedAt: timestampSchema.nullable(),
  lastUsedIp: z.string().nullable(),
  systems: z
    .array(z.strictObject({ id: z.string(), name: z.string() }))
    .meta({ description: "The systems the key works for (empty with `allSystems`)." }),
  allSystems: z.boolean().meta({ description: "An organization key without system limits: every system." }),
  secrets: z.array(secretUsageSchema).meta({ description: "Per secret: primary, secondary, rolled." }),
  oldSecretInUse: z.boolean(),
});

export const keyUsageResponseSchema = z
  .strictObject({
    usage: z.strictObject({
      days: z
        .array(usageDaySchema)
        .meta({ description: "The last 30 UTC days, oldest first, ending today." }),
      valid: z.number().int(),
      refused: z.number().int(),
    }),
    impact: keyImpactSchema.meta({
      description:
        "What disabling, revoking or regenerating the key would hit, and per-secret usage (the console's impact preview). Hourly counts: a window starts at the top of its first hour.",
    }),
  })
  .register(responseComponents, { id: "KeyUsageResponse" });

export type ApiKeyImpact = z.output<typeof keyImpactSchema>;

export const deletedKeyResponseSchema = z
  .strictObject({ id: z.string(), deleted: z.literal(true) })
  .register(responseComponents, { id: "DeletedKeyResponse" });

const apiKeyListItemSchema = z
  .strictObject({
    id: z.string(),
    label: z.string(),
    hint: z.string().nullable().meta({ description: "Hint of the primary secret." }),
    scope: z.union([
      z.strictObject({ type: z.literal("organization") }),
      z.strictObject({ type: z.literal("system"), systemId: z.string(), systemName: z.string() }),
    ]),
    permissions: z.array(z.string()),
    state: stateSchema,
    status: statusSchema,
    expired: z.boolean(),
    expiringSoon: z.boolean(),
    expiresAt: timestampSchema,
    createdAt: timestampSchema,
    createdBy: z
      .union([
        z.strictObject({ type: z.literal("user"), name: z.string(), email: z.string() }),
        z.strictObject({ type: z.literal("key"), id: z.string() }),
      ])
      .nullable(),
    lastUsedAt: timestampSchema.nullable(),
    version: z.number().int(),
    hasSecondary: z.boolean(),
    systemLimits: z
      .array(z.string())
      .meta({ description: "Names of the systems an organization key is limited to." }),
    externalId: z.string().nullable(),
    creditsRemaining: z.number().int().nullable().meta({ description: "null: the key spends no credits." }),
  })
  .register(responseComponents, { id: "KeyListItem" });
export type ApiKeyListItem = z.output<typeof apiKeyListItemSchema>;

export const keyListResponseSchema = z
  .strictObject({
    data: z.array(apiKeyListItemSchema),
    page: z.number().int().min(1),
    perPage: z
      .number()
      .int()
      .meta({ description: `One of ${KEY_PAGE_SIZES.join(", ")}.` }),
    total: z.number().int().min(0),
    pageCount: z.number().int().min(1),
  })
  .register(responseComponents, { id: "KeyListResponse" });

const bulkKeySchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  systemId: z.string().nullable(),
  state: stateSchema.meta({ description: "The state before the change." }),
  lastUsedAt: timestampSchema.nullable(),
  calls24h: z
    .number()
    .int()
    .meta({ description: "Verifications in the last 24 hours (dry run only; else 0)." }),
});

export const bulkKeysResponseSchema = z
  .strictObject({
    action: z.enum(["disable", "enable", "revoke"]),
    dryRun: z.boolean(),
    requested: z.number().int(),
    changed: z.array(bulkKeySchema).meta({ description: "The keys changed, or that would change." }),
    skipped: z
      .array(
        z.strictObject({
          id: z.string(),
          label: z.string().nullable(),
          reason: z.enum(["state", "permission", "not_found", "conflict"]).meta({
            description:
              "`state`: already in that state or revoked; `permission`: outside the calling key's scope; `not_found`: no such key in the organization; `conflict`: changed meanwhile, so its whole batch was left as it was.",
          }),
          message: z.string(),
        }),
      )
      .meta({ description: "The keys left as they were, and why." }),
  })
  .register(responseComponents, { id: "BulkKeysResponse" });
