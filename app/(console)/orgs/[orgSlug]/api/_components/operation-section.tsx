import { Badge, type BadgeProps } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { curlExample, resolve } from "@/lib/api/openapi/curl";
import type { OpenApiDocument, OpenApiOperation } from "@/lib/api/openapi/document";
import type { JsonSchema } from "@/lib/api/openapi/json-schema";
import { InlineText } from "./inline-text";
import { SchemaView, TypeLabel } from "./schema-view";

// One operation of the document: what it does, its parameters, its request body, its answers
// (errors link to the shared error shape) and a curl command for this installation.

const METHOD_VARIANT: Record<string, BadgeProps["variant"]> = {
  get: "info",
  post: "success",
  patch: "warning",
  delete: "destructive",
};

type Props = { document: OpenApiDocument; path: string; method: string; operation: OpenApiOperation };

export function OperationSection({ document, path, method, operation }: Props) {
  const curl = curlExample(document, path, method, operation);
  const parameters = operation.parameters.map((parameter) => parameterOf(document, parameter));
  const body = requestSchema(operation);
  return (
    <section
      id={operation.operationId}
      aria-labelledby={`${operation.operationId}-title`}
      className="scroll-mt-20 space-y-4 rounded-lg border p-5"
    >
      <header className="space-y-1.5">
        <h3
          id={`${operation.operationId}-title`}
          className="flex flex-wrap items-center gap-2 text-base font-semibold"
        >
          <Badge variant={METHOD_VARIANT[method] ?? "outline"} className="font-mono uppercase">
            {method}
          </Badge>
          <code className="font-mono text-sm">{path}</code>
          <span className="text-muted-foreground">— {operation.summary}</span>
        </h3>
        <p className="text-sm text-muted-foreground">
          <InlineText text={operation.description} />
        </p>
      </header>

      {parameters.length > 0 ? (
        <div>
          <h4 className="mb-1.5 text-sm font-medium">Parameters</h4>
          <ul className="space-y-1.5">
            {parameters.map((parameter) => (
              <li key={`${parameter.in}:${parameter.name}`} className="text-sm">
                <code className="font-mono font-medium">{parameter.name}</code>{" "}
                <span className="text-xs text-muted-foreground">
                  {parameter.in} · <TypeLabel document={document} schema={parameter.schema} />
                </span>
                {parameter.required ? (
                  <span className="ml-1.5 text-xs font-medium text-destructive">required</span>
                ) : null}
                {parameter.description ? (
                  <div className="text-muted-foreground">
                    <InlineText text={parameter.description} />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {body ? (
        <div>
          <h4 className="mb-1.5 text-sm font-medium">
            Request body{body.required ? "" : " (optional)"}{" "}
            <span className="font-normal text-muted-foreground">application/json</span>
          </h4>
          <SchemaView document={document} schema={body.schema} />
        </div>
      ) : null}

      <div>
        <h4 className="mb-1.5 text-sm font-medium">Responses</h4>
        <ul className="space-y-2">
          {Object.entries(operation.responses).map(([status, response]) => (
            <ResponseItem key={status} document={document} status={status} response={response} />
          ))}
        </ul>
      </div>

      <div>
        <div className="mb-1.5 flex items-center justify-between">
          <h4 className="text-sm font-medium">Example</h4>
          <CopyButton value={curl} label={`Copy the curl command for ${operation.summary}`} />
        </div>
        <pre className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs leading-relaxed">
          {curl}
        </pre>
      </div>
    </section>
  );
}

function ResponseItem({
  document,
  status,
  response,
}: {
  document: OpenApiDocument;
  status: string;
  response: JsonSchema;
}) {
  const target = resolveResponse(document, response);
  const schema = jsonSchemaOf(target);
  const isError = Number(status) >= 400;
  const headers = Object.entries((target.headers ?? {}) as Record<string, { description?: string }>);
  return (
    <li className="text-sm">
      <details open={!isError && schema !== undefined}>
        <summary className="cursor-pointer">
          <code className="font-mono font-medium">{status}</code>{" "}
          <span className="text-muted-foreground">
            <InlineText text={String(target.description ?? "")} />
          </span>
        </summary>
        <div className="mt-2 space-y-2 pl-4">
          {headers.map(([name, header]) => (
            <p key={name} className="text-muted-foreground">
              Header <code className="font-mono">{name}</code>: <InlineText text={header.description ?? ""} />
            </p>
          ))}
          {schema ? <SchemaView document={document} schema={schema} /> : null}
          {!schema && headers.length === 0 ? <p className="text-muted-foreground">No body.</p> : null}
        </div>
      </details>
    </li>
  );
}

function resolveResponse(document: OpenApiDocument, response: JsonSchema): JsonSchema {
  const ref = response.$ref;
  const prefix = "#/components/responses/";
  if (typeof ref !== "string" || !ref.startsWith(prefix)) return response;
  const responses = (document.components.responses ?? {}) as Record<string, JsonSchema>;
  return responses[ref.slice(prefix.length)] ?? response;
}

function jsonSchemaOf(response: JsonSchema): JsonSchema | undefined {
  const content = (response.content ?? {}) as Record<string, { schema?: JsonSchema }>;
  return content["application/json"]?.schema;
}

function requestSchema(
  operation: OpenApiOperation,
): { schema: JsonSchema | undefined; required: boolean } | null {
  if (!operation.requestBody) return null;
  return { schema: jsonSchemaOf(operation.requestBody), required: operation.requestBody.required === true };
}

type Parameter = { name: string; in: string; required: boolean; description?: string; schema?: JsonSchema };

function parameterOf(document: OpenApiDocument, parameter: JsonSchema): Parameter {
  const ref = parameter.$ref;
  const prefix = "#/components/parameters/";
  const shared = (document.components.parameters ?? {}) as Record<string, JsonSchema>;
  const target =
    typeof ref === "string" && ref.startsWith(prefix)
      ? (shared[ref.slice(prefix.length)] ?? parameter)
      : parameter;
  return {
    name: String(target.name ?? ""),
    in: String(target.in ?? ""),
    required: target.required === true,
    description: typeof target.description === "string" ? target.description : undefined,
    schema: resolve(document, target.schema as JsonSchema | undefined),
  };
}
