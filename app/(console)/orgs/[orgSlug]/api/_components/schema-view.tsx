import type { ReactNode } from "react";
import { resolve } from "@/lib/api/openapi/curl";
import type { OpenApiDocument } from "@/lib/api/openapi/document";
import type { JsonSchema } from "@/lib/api/openapi/json-schema";
import { InlineText } from "./inline-text";

// A JSON Schema of the document as a readable field list: name, type, required, constraints and
// description, nested objects indented. Referenced components are expanded in place (to a depth
// limit), so a reader never has to jump around to see what a request or an answer holds.

const MAX_DEPTH = 4;
const REF_PREFIX = "#/components/schemas/";

type Props = { document: OpenApiDocument; schema: JsonSchema | undefined; depth?: number };

export function SchemaView({ document, schema, depth = 0 }: Props) {
  const target = resolve(document, schema);
  if (!target) return null;
  const object = objectOf(document, target);
  if (!object) {
    return (
      <p className="text-sm">
        <TypeLabel document={document} schema={schema} />
      </p>
    );
  }
  const required = new Set(Array.isArray(object.required) ? object.required : []);
  const properties = Object.entries((object.properties ?? {}) as Record<string, JsonSchema>);
  if (properties.length === 0) return <p className="text-sm text-muted-foreground">An empty JSON object.</p>;
  return (
    <ul className={depth > 0 ? "mt-1 space-y-1 border-l pl-4" : "space-y-1.5"}>
      {properties.map(([name, property]) => (
        <li key={name} className="text-sm">
          <code className="font-mono font-medium">{name}</code>{" "}
          <span className="font-mono text-xs text-muted-foreground">
            <TypeLabel document={document} schema={property} />
          </span>
          {required.has(name) ? (
            <span className="ml-1.5 text-xs font-medium text-destructive">required</span>
          ) : null}
          <Details schema={resolve(document, property)} />
          {depth < MAX_DEPTH
            ? objectsOf(document, nested(document, property)).map((variant, index, all) => (
                <div key={index}>
                  {all.length > 1 ? (
                    <div className="mt-1 text-xs text-muted-foreground">
                      {index === 0 ? "one of:" : "or:"}
                    </div>
                  ) : null}
                  <SchemaView document={document} schema={variant} depth={depth + 1} />
                </div>
              ))
            : null}
        </li>
      ))}
    </ul>
  );
}

/** The object a property holds directly or as its list's items (the first object branch of a union). */
function nested(document: OpenApiDocument, schema: JsonSchema): JsonSchema | undefined {
  const target = resolve(document, schema);
  if (!target) return undefined;
  if (target.type === "array") return resolve(document, target.items as JsonSchema | undefined);
  return target;
}

function objectOf(document: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  return objectsOf(document, schema)[0];
}

/** The object shapes a schema allows: itself, or each object branch of a union. */
function objectsOf(document: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema[] {
  const target = resolve(document, schema);
  if (!target) return [];
  if (target.type === "object" && target.properties) return [target];
  const branches = Array.isArray(target.anyOf) ? (target.anyOf as JsonSchema[]) : [];
  return branches
    .map((branch) => resolve(document, branch))
    .filter((branch): branch is JsonSchema => branch?.type === "object" && branch.properties !== undefined);
}

function Details({ schema }: { schema: JsonSchema | undefined }) {
  if (!schema) return null;
  const facts: ReactNode[] = [];
  if (typeof schema.description === "string") facts.push(<InlineText key="d" text={schema.description} />);
  if (schema.default !== undefined)
    facts.push(<span key="default">Default {JSON.stringify(schema.default)}.</span>);
  const limits = limitsOf(schema);
  if (limits) facts.push(<span key="limits">{limits}</span>);
  if (facts.length === 0) return null;
  return <div className="mt-0.5 space-x-1 text-muted-foreground">{facts}</div>;
}

function limitsOf(schema: JsonSchema): string | null {
  const parts: string[] = [];
  if (typeof schema.maxLength === "number") parts.push(`at most ${schema.maxLength} characters`);
  if (typeof schema.maxItems === "number") parts.push(`at most ${schema.maxItems} items`);
  return parts.length > 0 ? `${parts.join(", ")}.` : null;
}

/** "string", "integer", "Key", "array of string", `"now" | "1h"`, "string | null" … */
export function TypeLabel({
  document,
  schema,
}: {
  document: OpenApiDocument;
  schema: JsonSchema | undefined;
}) {
  return <>{typeText(document, schema)}</>;
}

function typeText(document: OpenApiDocument, schema: JsonSchema | undefined): string {
  if (!schema) return "any";
  if (typeof schema.$ref === "string") return schema.$ref.slice(REF_PREFIX.length);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.anyOf)) {
    return (schema.anyOf as JsonSchema[]).map((branch) => typeText(document, branch)).join(" | ");
  }
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (schema.type === "array")
    return `array of ${typeText(document, schema.items as JsonSchema | undefined)}`;
  if (schema.type === "object" && !schema.properties && schema.additionalProperties) {
    return `map of ${typeText(document, schema.additionalProperties as JsonSchema)}`;
  }
  if (typeof schema.type === "string") {
    return schema.format === "date-time" ? "timestamp" : schema.type;
  }
  return "any";
}
