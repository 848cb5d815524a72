import { FileJson } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { getPublicBaseUrl } from "@/lib/connect/public-url";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { InlineText } from "./_components/inline-text";
import { OperationSection } from "./_components/operation-section";

// The API reference, rendered from the same OpenAPI document /api/v1/openapi.json serves, with
// this installation's base URL in every example. Any member may read it: it describes the API,
// it shows no organization data and no secret.

export const metadata = { title: "API" };

export default async function ApiReferencePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  await getOrgPageContext(orgSlug);
  const baseUrl = await getPublicBaseUrl();
  const document = buildOpenApiDocument({ serverUrl: baseUrl });
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );
  const login = `npx keyplane login --url ${baseUrl}`;

  return (
    <div className="space-y-8">
      <PageHeader
        title="API"
        description="Everything the console does to keys, over JSON: for scripts, pipelines and the keyplane command-line client."
        actions={
          <Button asChild variant="outline" size="sm">
            <a href="/api/v1/openapi.json" download="keyplane-openapi.json">
              <FileJson aria-hidden />
              openapi.json
            </a>
          </Button>
        }
      />

      <section aria-labelledby="api-overview" className="space-y-3 text-sm">
        <h2 id="api-overview" className="sr-only">
          Overview
        </h2>
        {document.info.description.split("\n\n").map((paragraph) => (
          <p key={paragraph} className="max-w-prose">
            <InlineText text={paragraph} />
          </p>
        ))}
        <p className="max-w-prose">
          Base URL: <code className="rounded bg-muted px-1 py-0.5 font-mono">{baseUrl}</code>. From a
          terminal:
        </p>
        <div className="flex max-w-xl items-center gap-2 rounded-md bg-muted p-3">
          <code className="min-w-0 flex-1 overflow-x-auto font-mono text-xs">{login}</code>
          <CopyButton value={login} label="Copy the login command" />
        </div>
      </section>

      <nav aria-label="Operations" className="rounded-lg border p-4">
        <ul className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          {operations.map(({ method, path, operation }) => (
            <li key={operation.operationId}>
              <a className="hover:underline" href={`#${operation.operationId}`}>
                <span className="inline-block w-14 font-mono text-xs uppercase text-muted-foreground">
                  {method}
                </span>
                {operation.summary}
              </a>
              <span className="sr-only"> {path}</span>
            </li>
          ))}
        </ul>
      </nav>

      {document.tags.map((tag) => {
        const inTag = operations.filter(({ operation }) => operation.tags.includes(tag.name));
        if (inTag.length === 0) return null;
        return (
          <section key={tag.name} aria-labelledby={`tag-${tag.name}`} className="space-y-4">
            <div>
              <h2 id={`tag-${tag.name}`} className="text-lg font-semibold tracking-tight">
                {tag.name}
              </h2>
              <p className="text-sm text-muted-foreground">{tag.description}</p>
            </div>
            {inTag.map(({ path, method, operation }) => (
              <OperationSection
                key={operation.operationId}
                document={document}
                path={path}
                method={method}
                operation={operation}
              />
            ))}
          </section>
        );
      })}
    </div>
  );
}
