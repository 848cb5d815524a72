import { AsyncLocalStorage } from "node:async_hooks";

// What the request log line learns while Next.js answers a request: the organization and actor,
// noted by the code that authenticated the caller (lib/api, the server-action wrapper). One
// AsyncLocalStorage on globalThis, so Next's bundle of lib/ notes into the server's context.

export interface RequestLogContext {
  requestId: string;
  organizationId?: string;
  actor?: string;
}

const holder = globalThis as typeof globalThis & {
  __keyplaneRequestContext?: AsyncLocalStorage<RequestLogContext>;
};
const storage = (holder.__keyplaneRequestContext ??= new AsyncLocalStorage<RequestLogContext>());

export function runWithRequestContext<T>(context: RequestLogContext, run: () => T): T {
  return storage.run(context, run);
}

/** Notes who is acting for which organization on the current request's log line (no-op outside one). */
export function noteRequestActor(organizationId: string, actor: { type: string; id: string | null }): void {
  const context = storage.getStore();
  if (!context) return;
  context.organizationId = organizationId;
  context.actor = actor.id ? `${actor.type}:${actor.id}` : actor.type;
}
