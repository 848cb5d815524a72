import { z } from "zod";
import { DEFAULT_GRACE, GRACE_PRESET_NAMES } from "@/lib/keys/grace";
import {
  creditsJsonSchema,
  keyMetaJsonSchema,
  ratelimitsJsonSchema,
  topUpAmountJsonSchema,
} from "@/lib/keys/limits";
import { KEY_FILTER_STATES, KEY_PAGE_SIZES, KEY_SORTS, keyListParamsSchema } from "@/lib/keys/list-params";
import { allowedCidrsJsonSchema, expiryJsonSchema } from "@/lib/keys/field-schemas";
import {
  bulkKeysBodyFields,
  createKeySchema,
  regenerateSecretSchema,
  revokeKeySchema,
  rollKeySchema,
  setKeyStateSchema,
  updateKeySchema,
} from "@/lib/keys/schemas";
import { requestComponents } from "./common";

// Request schemas of the key routes, derived from the console's form schemas (lib/keys/schemas.ts)
// so both entry points apply the same rules. What differs is deliberate:
// - JSON types where a form holds text: the expiry may be a number of days, the IP ranges a list,
//   rate limits, credits and top-ups numbers, metadata an object (lib/keys/limits.ts);
// - the organization comes from the caller's key, never from the body;
// - the key id comes from the path;
// - no TOTP code and no typed label: the key is the factor (an API key cannot do step-up), and
//   a script has nothing to gain from retyping a label it already sent in the URL;
// - `expectedVersion` is optional: given, a stale change is refused with 409; omitted, the
//   change applies to the key as it is (last writer wins).

const expectedVersion = updateKeySchema.shape.expectedVersion.optional().meta({
  description:
    "The key's `version` this change is based on; a different current version answers 409. Omit to apply to the current version.",
});

const RATELIMITS_DESCRIPTION =
  "Named rate limits { name, limit, durationMs, autoApply (default true) }: auto-applied ones are checked on every verification, the others when a verification names them. At most 10.";
const CREDITS_DESCRIPTION =
  'Usage credits: each valid verification spends 1 (or its `cost`); at zero verify answers USAGE_EXCEEDED. `refill` { interval: "daily" | "monthly", amount, day? } resets the balance to `amount` at each period start (UTC; a monthly `day`, default 1, past the month\'s end means its last day). null: no credits.';
const META_DESCRIPTION = "A JSON object (at most 4 KB) that verify returns as is; null removes it.";
const EXTERNAL_ID_DESCRIPTION =
  "Your own id for the customer or workload (printable ASCII, at most 128): verify returns it, forward-auth sends it as X-Keyplane-External-Id, and the list filters by it.";

export const createKeyBodySchema = createKeySchema
  .omit({ organizationId: true, totpCode: true })
  .extend({
    systemId: createKeySchema.shape.systemId.meta({
      description: "The system the key belongs to; omitted or null creates an organization key.",
    }),
    expiry: expiryJsonSchema.meta({
      description:
        "Lifetime in days (a number or digits, e.g. 90), or an expiry date (2027-01-31) or timestamp. Omitted: the organization's default lifetime. Must lie within the key policy.",
    }),
    allowedCidrs: allowedCidrsJsonSchema.default([]).meta({
      description:
        "IPv4/IPv6 ranges the key may be used from (a list, or text with one range per line); empty = any address.",
    }),
    permissions: createKeySchema.shape.permissions.meta({
      description: "Permission names from the organization's catalog.",
    }),
    withSecondary: createKeySchema.shape.withSecondary.meta({
      description: "Also make a secondary secret (each secret works on its own).",
    }),
    customSecret: createKeySchema.shape.customSecret.meta({
      description:
        "Your own primary secret (only when the key policy allows custom secrets): printable ASCII without spaces, at least 128 bits by Keyplane's estimate (e.g. 20 random characters of all four classes, or 22 random letters and digits).",
    }),
    systemLimits: createKeySchema.shape.systemLimits.meta({
      description: "For an organization key: the systems it is good for (empty = all).",
    }),
    ratelimits: ratelimitsJsonSchema.default([]).meta({ description: RATELIMITS_DESCRIPTION }),
    credits: creditsJsonSchema.default(null).meta({ description: CREDITS_DESCRIPTION }),
    meta: keyMetaJsonSchema.default(null).meta({ description: META_DESCRIPTION }),
    externalId: createKeySchema.shape.externalId.meta({ description: EXTERNAL_ID_DESCRIPTION }),
  })
  .meta({
    examples: [
      { label: "ci-runner", permissions: ["nodes:add"], expiry: 90, allowedCidrs: ["10.0.0.0/8"] },
      {
        label: "customer-acme",
        ratelimits: [{ name: "requests", limit: 100, durationMs: 60_000, autoApply: true }],
        credits: { remaining: 1000, refill: { interval: "monthly", amount: 1000 } },
        meta: { plan: "pro" },
        externalId: "cus_123",
      },
    ],
  })
  .register(requestComponents, { id: "CreateKeyRequest" });

export const updateKeyBodySchema = updateKeySchema
  .omit({ keyId: true, totpCode: true })
  .extend({
    expectedVersion,
    allowedCidrs: allowedCidrsJsonSchema.optional(),
    expiresAt: updateKeySchema.shape.expiresAt.meta({
      description: "New expiry date or timestamp, within the key policy (counted from the key's creation).",
    }),
    ratelimits: ratelimitsJsonSchema.optional().meta({ description: RATELIMITS_DESCRIPTION }),
    credits: creditsJsonSchema.optional().meta({
      description: `${CREDITS_DESCRIPTION} Sets the balance; to add to it, use the top-up route.`,
    }),
    meta: keyMetaJsonSchema.optional().meta({ description: META_DESCRIPTION }),
    externalId: updateKeySchema.shape.externalId.meta({ description: EXTERNAL_ID_DESCRIPTION }),
  })
  .meta({
    description: "Omitted fields stay as they are.",
    examples: [{ description: "Runs the nightly pipeline", expiresAt: "2027-01-31" }],
  })
  .register(requestComponents, { id: "UpdateKeyRequest" });

export const topUpCreditsBodySchema = z
  .strictObject({ amount: topUpAmountJsonSchema })
  .meta({ description: "Credits to add to the key's balance.", examples: [{ amount: 500 }] })
  .register(requestComponents, { id: "TopUpCreditsRequest" });

export const setKeyStateBodySchema = setKeyStateSchema
  .omit({ keyId: true })
  .extend({ expectedVersion })
  .meta({ examples: [{}] })
  .register(requestComponents, { id: "SetKeyStateRequest" });

export const rollKeyBodySchema = rollKeySchema
  .omit({ keyId: true, totpCode: true })
  .extend({
    expectedVersion,
    grace: rollKeySchema.shape.grace.default(DEFAULT_GRACE).meta({
      description: `How long the old primary secret keeps working: ${GRACE_PRESET_NAMES.map((name) =>
        name === DEFAULT_GRACE ? `"${name}" (the default)` : `"${name}"`,
      ).join(", ")}, or { "until": <date> }; never past the key's expiry.`,
    }),
  })
  .meta({ examples: [{ grace: DEFAULT_GRACE }] })
  .register(requestComponents, { id: "RollKeyRequest" });

export const regenerateSecretBodySchema = regenerateSecretSchema
  .pick({ slot: true })
  .meta({
    description: "The slot whose secret is replaced at once (no grace period).",
    examples: [{ slot: "secondary" }],
  })
  .register(requestComponents, { id: "RegenerateSecretRequest" });

export const revokeKeyBodySchema = revokeKeySchema
  .omit({ keyId: true, confirmLabel: true, totpCode: true })
  .meta({ examples: [{}] })
  .register(requestComponents, { id: "RevokeKeyRequest" });

export const bulkKeysBodySchema = z
  .strictObject({
    action: bulkKeysBodyFields.action.meta({ description: "What to do with every key." }),
    keyIds: bulkKeysBodyFields.keyIds.meta({ description: "The keys, by id (at most 10,000)." }),
    dryRun: z
      .boolean()
      .default(false)
      .meta({ description: "true: answer what would change (with each key's recent use); change nothing." }),
  })
  .meta({ examples: [{ action: "disable", keyIds: ["ck1…", "ck2…"], dryRun: true }] })
  .register(requestComponents, { id: "BulkKeysRequest" });

/** The console table's URL parameters, plus which keys to list. */
export const keyListQuerySchema = keyListParamsSchema.extend({
  q: keyListParamsSchema.shape.q.meta({ description: "Text to find in labels and descriptions." }),
  state: keyListParamsSchema.shape.state.meta({
    description: `Comma-separated or repeated; any of: ${KEY_FILTER_STATES.join(", ")}.`,
    examples: [["active"]],
  }),
  expiresWithin: keyListParamsSchema.shape.expiresWithin.meta({
    description: "Only active keys that expire within this many days (1–3650).",
    examples: [7],
  }),
  sort: keyListParamsSchema.shape.sort.meta({ description: `One of ${KEY_SORTS.join(", ")}.` }),
  perPage: keyListParamsSchema.shape.perPage.meta({
    description: `One of ${KEY_PAGE_SIZES.join(", ")}; anything else is 25.`,
    examples: [50],
  }),
  systemId: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: "List this system's keys. Without it, organization keys are listed." }),
  externalId: keyListParamsSchema.shape.externalId.meta({ description: "Only keys with this external id." }),
  scope: z
    .enum(["organization"])
    .optional()
    .meta({ description: "List organization keys (the default without `systemId`)." }),
});
