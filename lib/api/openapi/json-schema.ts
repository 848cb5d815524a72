import { z } from "zod";

// zod → JSON Schema 2020-12 (the dialect of OpenAPI 3.1), with four clean-ups:
// - The form schemas also accept Date objects (react-hook-form hands them over), which JSON can
//   never carry: such branches are dropped, so the document lists only what a client can send.
// - `$schema` / `$id` are left out: components are referenced by OpenAPI's own paths.
// - ISO timestamps keep `format: date-time` without zod's long regular expression.
// - Examples given with .meta() are kept for request schemas too: zod drops them in "input" mode
//   when a schema transforms (it takes them for output values), but ours show what to send.

export type JsonSchema = { [key: string]: unknown };

const JSON_UNREPRESENTABLE = "x-keyplane-not-json";
export const COMPONENT_REF = (id: string) => `#/components/schemas/${id}`;

function adjust(ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }): void {
  if (ctx.zodSchema._zod.def.type === "date") ctx.jsonSchema[JSON_UNREPRESENTABLE] = true;
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

function isUnrepresentable(value: unknown): boolean {
  return typeof value === "object" && value !== null && JSON_UNREPRESENTABLE in value;
}

/** An object branch that requires a property JSON cannot carry can never match a JSON value. */
function isImpossible(schema: unknown): boolean {
  if (isUnrepresentable(schema)) return true;
  if (typeof schema !== "object" || schema === null) return false;
  const { required, properties } = schema as { required?: unknown; properties?: Record<string, unknown> };
  return (
    Array.isArray(required) &&
    properties !== undefined &&
    required.some((name) => typeof name === "string" && isUnrepresentable(properties[name]))
  );
}

function clean(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$schema" || key === "$id") continue;
    if (key === "pattern" && schema.format === "date-time") continue;
    out[key] = cleanValue(key, value);
  }
  simplifyAnyOf(out);
  return out;
}

function cleanValue(key: string, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = key === "anyOf" || key === "oneOf" ? value.filter((item) => !isImpossible(item)) : value;
    return items.map((item) => (isPlainObject(item) ? clean(item) : item));
  }
  if (key === "properties" && isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, property]) => !isUnrepresentable(property));
    return Object.fromEntries(entries.map(([name, property]) => [name, cleanValue(name, property)]));
  }
  return isPlainObject(value) ? clean(value) : value;
}

/** An anyOf left with one branch is that branch (merged, keeping this level's description). */
function simplifyAnyOf(schema: JsonSchema): void {
  const branches = schema.anyOf;
  if (!Array.isArray(branches) || branches.length !== 1) return;
  const [only] = branches;
  delete schema.anyOf;
  if (isPlainObject(only)) for (const [key, value] of Object.entries(only)) schema[key] ??= value;
}

function isPlainObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
