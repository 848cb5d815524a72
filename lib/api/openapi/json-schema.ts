import { z } from "zod";

// zod → JSON Schema 2020-12 (the dialect of OpenAPI 3.1), with three clean-ups:
// - `$schema` / `$id` are left out: components are referenced by OpenAPI's own paths.
// - ISO timestamps keep `format: date-time` without zod's long regular expression.
// - Examples given with .meta() are kept for request schemas too: zod drops them in "input" mode
//   when a schema transforms (it takes them for output values), but ours show what to send.

export type JsonSchema = { [key: string]: unknown };

export const COMPONENT_REF = (id: string) => `#/components/schemas/${id}`;

function adjust(ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }): void {
  const examples = z.globalRegistry.get(ctx.zodSchema)?.examples;
  if (examples !== undefined && ctx.jsonSchema.examples === undefined) ctx.jsonSchema.examples = examples;
}

const BASE_OPTIONS = {
  target: "draft-2020-12",
  unrepresentable: "any",
  override: adjust,
} as const;

/** One schema, inline (used for query and header parameters). */
export function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  return clean(z.toJSONSchema(schema, { ...BASE_OPTIONS, io, reused: "inline" }) as JsonSchema);
}

/** Every schema of a registry, keyed by its id, referencing each other by component path. */
export function registryToJsonSchemas(
  registry: z.core.$ZodRegistry<{ id: string }>,
  io: "input" | "output",
): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { ...BASE_OPTIONS, io, uri: COMPONENT_REF });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, clean(schema as JsonSchema)]));
}

function clean(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$schema" || key === "$id") continue;
    if (key === "pattern" && schema.format === "date-time") continue;
    out[key] = cleanValue(value);
  }
  return out;
}

function cleanValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (isPlainObject(item) ? clean(item) : item));
  return isPlainObject(value) ? clean(value) : value;
}

function isPlainObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
