import { z } from "zod";
import { VERIFY_CODES } from "@/lib/verify/types";
import { defineOperation } from "../operation";
import { verifyErrorSchema, verifyRequestSchema, verifyResultSchema } from "../schemas/verify";

// The verification endpoints, for the document only: Keyplane's node:http server answers them
// before Next.js sees the request (lib/verify/http.ts, lib/verify/forward-auth.ts), so no route
// handler parses with these declarations.

const VERIFY_ERROR = { description: "The request could not be verified.", schema: verifyErrorSchema };
const RETRY_AFTER = { "Retry-After": { description: "Seconds until the caller may try again." } };
const CODE_HEADER = { "X-Keyplane-Code": { description: `The decision: ${VERIFY_CODES.join(", ")}.` } };
const ALLOW_HEADERS = {
  ...CODE_HEADER,
  "X-Keyplane-Key-Id": { description: "The key's id." },
  "X-Keyplane-Organization": { description: "The key's organization id." },
  "X-Keyplane-System": { description: "The key's system id (system keys only)." },
};

const verifyOperation = defineOperation({
  id: "verifyKey",
  method: "POST",
  path: "/api/v1/verify",
  tag: "Verification",
  summary: "Verify a key",
  description:
    "For data planes, on every request they receive: is this key good, for these permissions, from this IP, for this system? Every decision is a 200 (look at `valid` and `code`); a rolled-out secret is VALID until its grace end. Failed attempts are rate limited per caller address (never per the reported `ip`). The key being checked is the only credential: the caller needs none of its own.",
  security: "verify",
  body: verifyRequestSchema,
  bodyOptional: true,
  responses: {
    200: { description: "The decision.", schema: verifyResultSchema },
    400: VERIFY_ERROR,
    413: { ...VERIFY_ERROR, description: "The body is larger than 16 KiB." },
    415: { ...VERIFY_ERROR, description: "The body is not application/json." },
    429: {
      description: "Too many failed attempts from this source (code RATE_LIMITED).",
      schema: verifyResultSchema,
      headers: RETRY_AFTER,
    },
    503: { ...VERIFY_ERROR, description: "The database could not be read; refuse the request." },
  },
});

const forwardAuthOperation = defineOperation({
  id: "forwardAuth",
  method: "GET",
  path: "/api/v1/forward-auth",
  tag: "Verification",
  summary: "Forward authentication for proxies",
  description:
    "For Traefik forwardAuth, nginx auth_request, Caddy forward_auth or Envoy ext_authz (HTTP): the proxy sends the client's request headers here (any method, and any path ending in /api/v1/forward-auth) and lets the request through on 2xx. The key is read from the header named by `header`, else `Authorization: Bearer …`, else `X-API-Key`. Copy the X-Keyplane-* answer headers to the upstream request.",
  security: "verify",
  query: z.object({
    header: z
      .string()
      .optional()
      .meta({ description: "Name of the request header that carries the key (e.g. x-api-key)." }),
    permission: z
      .array(z.string())
      .optional()
      .meta({ description: "Repeatable: every listed permission is required.", examples: [["nodes:add"]] }),
    system: z.string().optional().meta({ description: "A system id or slug the key must be good for." }),
    status: z.enum(["200", "204"]).optional().meta({
      description:
        "The status of the allow answer (default 204). Envoy's HTTP ext_authz allows a request only on 200.",
    }),
    path: z.string().optional().meta({
      description:
        "Where Envoy's path_prefix appends the client's path: this parameter and everything after it are ignored.",
    }),
  }),
  requestHeaders: z.object({
    "X-API-Key": z.string().optional().meta({ description: "The key, when not sent as a bearer token." }),
    "X-Real-IP": z.string().optional().meta({
      description:
        "The client's address as the proxy saw it (checked against the key's IP ranges). Read only when the caller is a trusted proxy (KEYPLANE_TRUSTED_PROXIES).",
    }),
    "X-Forwarded-For": z.string().optional().meta({
      description:
        "Used when X-Real-IP is absent, and only from a trusted proxy: read from the right past trusted proxies, the first other address is the client's.",
    }),
  }),
  responses: {
    200: {
      description: "The key is good: let the request through (with `status=200`).",
      headers: ALLOW_HEADERS,
    },
    204: { description: "The key is good: let the request through.", headers: ALLOW_HEADERS },
    401: {
      description: "No key, or an unknown, expired, disabled or revoked one.",
      schema: verifyResultSchema,
      headers: CODE_HEADER,
    },
    403: {
      description: "The key is refused for this request: IP, system or permission.",
      schema: verifyResultSchema,
      headers: CODE_HEADER,
    },
    429: {
      description: "Too many failed attempts from this source.",
      schema: verifyResultSchema,
      headers: { ...CODE_HEADER, ...RETRY_AFTER },
    },
    503: { description: "The database could not be read; refuse the request.", schema: verifyResultSchema },
  },
});

export const VERIFY_OPERATIONS = [verifyOperation, forwardAuthOperation] as const;
