import { beforeAll } from "vitest";
import { getDb } from "@/lib/db";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { closeVerifyRuntime } from "@/lib/verify/runtime";
import { createOrgWithOwner, createSystemRow } from "./fixtures";
import { createKeyRow, type KeyRowOptions } from "./keys";

// Support for the REST API tests: a world of management keys written as rows (so each test states
// its caller plainly), and a way to call a route handler the way Next.js would, with the client
// address header our own server sets.

const CLIENT_IP = "203.0.113.7";
const MANAGE = "keys:manage";

type RouteHandler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

export type CallOptions = {
  key?: string | null;
  body?: unknown;
  /** Sent as is (for malformed bodies). */
  rawBody?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  ip?: string;
  query?: Record<string, string | string[]>;
};

export type ApiAnswer<T = Record<string, unknown>> = {
  status: number;
  headers: Headers;
  json: T;
};

/** Calls a route handler export (GET, POST …) as Next.js would call it. */
export async function call<T = Record<string, unknown>>(
  handler: unknown,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiAnswer<T>> {
  const url = new URL(`http://keyplane.test${path}`);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, item);
  }
  const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: options.ip ?? CLIENT_IP, ...options.headers });
  if (options.key) headers.set("authorization", `Bearer ${options.key}`);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers.set("content-type", "application/json");
  const request = new Request(url, { method, headers, body });
  const response = await (handler as RouteHandler)(request, {
    params: Promise.resolve(options.params ?? {}) as Promise<never>,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: (text ? JSON.parse(text) : null) as T };
}

/** A management key (holding keys:manage unless told otherwise) and its secret. */
export async function managementKey(options: KeyRowOptions) {
  const { key, secret } = await createKeyRow({ permissions: [MANAGE], ...options });
  return { id: key.id, label: key.label, secret };
}

/** Two organizations; the first with two systems and one caller of every kind. */
export async function createApiWorld() {
  const { org, owner } = await createOrgWithOwner("Acme");
  const system = await createSystemRow(org.id, "Payments");
  const otherSystem = await createSystemRow(org.id, "Search");
  await getDb().permission.createMany({
    data: ["nodes:add", "catalog:register"].map((name) => ({ organizationId: org.id, name })),
  });
  const organizationId = org.id;
  const orgKey = await managementKey({ organizationId, label: "ci-manager" });
  const systemKey = await managementKey({ organizationId, systemId: system.id, label: "payments-manager" });
  const limitedKey = await managementKey({ organizationId, label: "limited", systemLimits: [system.id] });
  const plainKey = await managementKey({ organizationId, label: "plain", permissions: ["nodes:add"] });

  const foreign = await createOrgWithOwner("Globex");
  const foreignSystem = await createSystemRow(foreign.org.id, "Globex Payments");
  const foreignKey = await managementKey({ organizationId: foreign.org.id, label: "globex-manager" });
  const foreignTarget = await createKeyRow({ organizationId: foreign.org.id, label: "globex-target" });
  return {
    org,
    owner,
    system,
    otherSystem,
    orgKey,
    systemKey,
    limitedKey,
    plainKey,
    foreign: { org: foreign.org, system: foreignSystem, key: foreignKey, target: foreignTarget.key },
  };
}
export type ApiWorld = Awaited<ReturnType<typeof createApiWorld>>;

/**
 * An API world for the calling describe block, made in its beforeAll: the object is there at
 * once and filled in before the first test (as useKeysWorld in tests/support/key-lifecycle.ts).
 */
export function useApiWorld(): ApiWorld {
  const world = {} as ApiWorld;
  beforeAll(async () => {
    Object.assign(world, await createApiWorld());
  });
  return world;
}

/** The latest audit entries of an organization, newest first. */
export async function latestAudit(organizationId: string, take = 1) {
  return getDb().auditEntry.findMany({ where: { organizationId }, orderBy: { seq: "desc" }, take });
}

/** Stops the process-wide verify runtime (its usage timer) before the test database is dropped. */
export async function stopVerifyRuntime(): Promise<void> {
  await closeVerifyRuntime();
}
