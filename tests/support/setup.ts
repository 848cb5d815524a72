import { vi } from "vitest";
import { generateAuditSigningKey } from "@/lib/env/local-secrets";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { testRequest } from "./state";

// Integration tests call server actions directly, outside a Next.js request. Only the edges that
// need a request are replaced: the Auth.js JWT (its Session row is still checked for real), the
// request headers, and cache revalidation.
process.env.AUTH_SECRET ??= "integration-tests-auth-secret-0123456789abcdef";
process.env.KEYPLANE_ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
process.env.KEYPLANE_AUDIT_SIGNING_KEY ??= generateAuditSigningKey();
// The server log's info lines (usage flushes, housekeeping) would drown the test output; warnings stay.
process.env.KEYPLANE_LOG_LEVEL ??= "warn";

vi.mock("@/lib/auth/auth", () => ({
  auth: async () => (testRequest.sid ? { sid: testRequest.sid, expires: "" } : null),
  signIn: vi.fn(async () => "/"),
  signOut: vi.fn(async () => ({})),
  handlers: {},
}));

vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({ [CLIENT_ADDRESS_HEADER]: testRequest.ip, "user-agent": testRequest.userAgent }),
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
}));

vi.mock("next/cache", () => ({
  revalidatePath: vi.fn(),
  revalidateTag: vi.fn(),
  updateTag: vi.fn(),
}));
