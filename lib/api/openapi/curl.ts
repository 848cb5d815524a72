import type { OpenApiDocument, OpenApiOperation } from "./document";
import type { JsonSchema } from "./json-schema";

// A ready-to-paste curl command for an operation of the document, for the console's API page.
// The body is the request schema's first example (the example is part of the schema, so the
// document and the page show the same one); path parameters become shell variables.

const REF_PREFIX = "#/components/schemas/";

export function curlExample(
  document: OpenApiDocument,
  path: string,
  method: string,
  operation: OpenApiOperation,
): string {
  const base = document.servers[0]?.url ?? "";
  const url = base + path.replace(/\{(\w+)\}/g, (_m, name: string) => `$${shellName(name)}`);
  const lines = [`curl -sS -X ${method.toUpperCase()} "${url}${exampleQuery(operation)}"`];
  // The verify endpoints take the key being checked (a client's); the others a management key.
  const checksAKey = operation.security.some((requirement) => Object.keys(requirement).length === 0);
  if (operation.security.length > 0) {
    lines.push(`-H "Authorization: Bearer ${checksAKey ? "$CLIENT_KEY" : "$KEYPLANE_KEY"}"`);
  }
  if (operation.parameters.some((p) => p.$ref === "#/components/parameters/IdempotencyKey")) {
    lines.push(`-H "Idempotency-Key: $(uuidgen)"`);
  }
  const example = bodyExample(document, operation);
  if (example !== undefined) {
    lines.push(`-H "Content-Type: application/json"`);
    lines.push(`-d '${JSON.stringify(example).replaceAll("'", "'\\''")}'`);
  }
  return lines.join(" \\\n  ");
}

/** {id} → KEY_ID: the path's resource, in the shell's naming. */
function shellName(name: string): string {
  return name === "id" ? "KEY_ID" : name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}

/** Query parameters whose schema carries an example (lists repeat the name). */
function exampleQuery(operation: OpenApiOperation): string {
  const params = new URLSearchParams();
  for (const parameter of operation.parameters) {
    if (parameter.in !== "query" || typeof parameter.name !== "string") continue;
    const examples = (parameter.schema as JsonSchema | undefined)?.examples;
    const value: unknown = Array.isArray(examples) ? examples[0] : undefined;
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      params.append(parameter.name, String(item));
    }
  }
  const text = params.toString().replaceAll("%3A", ":").replaceAll("%2C", ",");
  return text ? `?${text}` : "";
}

function bodyExample(document: OpenApiDocument, operation: OpenApiOperation): unknown {
  const content = (operation.requestBody?.content ?? {}) as Record<string, { schema?: JsonSchema }>;
  const schema = resolve(document, content["application/json"]?.schema);
  const examples = schema?.examples;
  return Array.isArray(examples) && examples.length > 0 && !isEmptyObject(examples[0])
    ? examples[0]
    : undefined;
}

export function resolve(document: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== "string" || !ref.startsWith(REF_PREFIX)) return schema;
  const schemas = (document.components.schemas ?? {}) as Record<string, JsonSchema>;
  return schemas[ref.slice(REF_PREFIX.length)];
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}
