import type { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import packageJson from "@/package.json";
import type { OperationSpec, ResponseSpec } from "../operation";
import { API_OPERATIONS } from "../operations";
import { requestComponents, responseComponents } from "../schemas/common";
import { COMPONENT_REF, registryToJsonSchemas, toJsonSchema, type JsonSchema } from "./json-schema";

// The OpenAPI 3.1 document, built from the operation declarations (lib/api/operations) and the
// zod schemas the routes parse with. Nothing here describes a field by hand: what is written
// here is what the schemas cannot say (error answers, the security scheme, the headers).

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: JsonSchema;
};

export type OpenApiOperation = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters: JsonSchema[];
  requestBody?: JsonSchema;
  responses: Record<string, JsonSchema>;
};

const ERRORS: Partial<Record<ErrorCode, { name: string; description: string }>> = {
  BAD_REQUEST: {
    name: "BadRequest",
    description: "The body is not a JSON object, or a header is malformed.",
  },
  UNAUTHENTICATED: {
    name: "Unauthorized",
    description: "No API key, or an unknown, expired, disabled or revoked one.",
  },
  FORBIDDEN: {
    name: "Forbidden",
    description:
      "The key does not hold keys:manage, is used from outside its IP ranges, or the target is outside its scope (a system key and other systems' keys).",
  },
  NOT_FOUND: { name: "NotFound", description: "No such item in the calling key's organization." },
  CONFLICT: {
    name: "Conflict",
    description:
      "The item's state or version does not allow this (e.g. already revoked, or changed meanwhile).",
  },
  VALIDATION_FAILED: {
    name: "ValidationFailed",
    description:
      "Invalid fields, named in `error.fields`; also an Idempotency-Key already used for a different request.",
  },
  RATE_LIMITED: { name: "TooManyRequests", description: "Too many failed attempts from this address." },
  INTERNAL: { name: "InternalError", description: "An unexpected failure (logged on the server)." },
};

const DESCRIPTION = [
  "Manage an organization's API keys and systems, and verify keys.",
  "",
  "**Authentication.** Management routes take an API key of the organization holding the `keys:manage` permission, as `Authorization: Bearer <key>`. It must be active and unexpired and be used from within its IP ranges. An organization key manages every key and system of its organization (if limited to systems: their keys only); a system key manages its own system's keys only.",
  "",
  "**Secrets** appear only in the answers of create, roll and regenerate. Every answer carries `Cache-Control: no-store`.",
  "",
  '**Errors** are `{ "error": { "code", "message", "fields"? } }` with a stable `code`.',
  "",
  "**Retries.** Create and roll honour `Idempotency-Key`: the same key and the same request within 24 hours return the first answer again (marked `Idempotent-Replayed: true`) without a second change.",
].join("\n");

const TAGS = [
  { name: "Keys", description: "Organization and system keys, and their whole lifecycle." },
  { name: "Systems", description: "The systems of the organization." },
  { name: "Webhooks", description: "Endpoints that receive the organization's signed events." },
  { name: "Verification", description: "For data planes and proxies: is this key good?" },
  { name: "Meta", description: "About the API itself." },
];

export function buildOpenApiDocument(options: { serverUrl: string }): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of API_OPERATIONS) {
    paths[operation.path] ??= {};
    const item = paths[operation.path];
    if (item) item[operation.method.toLowerCase()] = buildOperation(operation);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Keyplane API", version: packageJson.version, description: DESCRIPTION },
    servers: [{ url: options.serverUrl }],
    tags: TAGS,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An API key secret (kp_…). Management routes need one holding keys:manage.",
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "Any unique string (e.g. a UUID, at most 255 visible ASCII characters). Retrying with the same key and request within 24 hours returns the first answer instead of acting again.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      },
      responses: errorComponents(),
      schemas: {
        ...registryToJsonSchemas(requestComponents, "input"),
        ...registryToJsonSchemas(responseComponents, "output"),
      },
    },
  };
}

function buildOperation(operation: OperationSpec): OpenApiOperation {
  const parameters: JsonSchema[] = [
    ...pathParameters(operation.path),
    ...schemaParameters(operation.query, "query"),
    ...schemaParameters(operation.requestHeaders, "header"),
    ...(operation.idempotent ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : []),
  ];
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    responses[status] = successResponse(spec, operation.idempotent === true);
  }
  for (const code of derivedErrors(operation)) {
    const error = ERRORS[code];
    if (error) responses[String(ERROR_STATUS[code])] = { $ref: `#/components/responses/${error.name}` };
  }
  return {
    operationId: operation.id,
    summary: operation.summary,
    description: operation.description,
    tags: [operation.tag],
    security: security(operation.security),
    parameters,
    ...(operation.body ? { requestBody: requestBody(operation.body, operation.bodyOptional !== true) } : {}),
    responses,
  };
}

function security(kind: OperationSpec["security"]): Record<string, string[]>[] {
  if (kind === "key") return [{ bearerAuth: [] }];
  // The verify endpoints also take the key in the body or in another header.
  if (kind === "verify") return [{ bearerAuth: [] }, {}];
  return [];
}

/** The error answers an operation can give, from what it declares. */
function derivedErrors(operation: OperationSpec): ErrorCode[] {
  if (operation.security !== "key") return [];
  const codes = new Set<ErrorCode>(["UNAUTHENTICATED", "FORBIDDEN", "RATE_LIMITED", "INTERNAL"]);
  if (operation.body || operation.idempotent) codes.add("BAD_REQUEST").add("VALIDATION_FAILED");
  if (operation.query) codes.add("VALIDATION_FAILED");
  if (operation.path.includes("{")) codes.add("NOT_FOUND");
  if (operation.method !== "GET") codes.add("CONFLICT");
  for (const code of operation.extraErrors ?? []) codes.add(code);
  return [...codes].sort((a, b) => ERROR_STATUS[a] - ERROR_STATUS[b]);
}

function errorComponents(): JsonSchema {
  const out: JsonSchema = {};
  for (const { name, description } of Object.values(ERRORS)) {
    out[name] = {
      description,
      ...(name === "TooManyRequests"
        ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "string" } } } }
        : {}),
      content: { "application/json": { schema: { $ref: COMPONENT_REF("Error") } } },
    };
  }
  return out;
}

function pathParameters(path: string): JsonSchema[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
}

function schemaParameters(schema: z.ZodObject | undefined, location: "query" | "header"): JsonSchema[] {
  if (!schema) return [];
  const json = toJsonSchema(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: required.has(name) && !("default" in property),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
      ...(rest.type === "array" ? { style: "form", explode: true } : {}),
    };
  });
}

function schemaRef(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const id = (io === "input" ? requestComponents : responseComponents).get(schema)?.id;
  return id ? { $ref: COMPONENT_REF(id) } : toJsonSchema(schema, io);
}

function requestBody(schema: z.ZodType, required: boolean): JsonSchema {
  return { required, content: { "application/json": { schema: schemaRef(schema, "input") } } };
}

function successResponse(spec: ResponseSpec, idempotent: boolean): JsonSchema {
  const headers: JsonSchema = {};
  for (const [name, header] of Object.entries(spec.headers ?? {})) {
    headers[name] = { description: header.description, schema: { type: "string" } };
  }
  if (idempotent) {
    headers["Idempotent-Replayed"] = {
      description:
        "`true` when this is the stored answer of an earlier request with the same Idempotency-Key.",
      schema: { type: "string", enum: ["true"] },
    };
  }
  return {
    description: spec.description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(spec.schema ? { content: { "application/json": { schema: schemaRef(spec.schema, "output") } } } : {}),
  };
}
