import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { resolvePublicBaseUrl } from "@/lib/connect/public-url";
import { env } from "@/lib/env";

// GET: the OpenAPI 3.1 document of /api/v1 (public: it describes, it holds no data). The server
// URL in it is KEYPLANE_PUBLIC_URL or the caller's view of this instance, so it is built per request.
export function GET(request: Request): Response {
  const serverUrl = resolvePublicBaseUrl(env().KEYPLANE_PUBLIC_URL, request.headers);
  const document = buildOpenApiDocument({ serverUrl });
  return Response.json(document, { headers: { "cache-control": "no-store" } });
}
