// A change to a key must reach every verify cache: this process's at once, other instances'
// through the database's notification channel (PostgreSQL LISTEN/NOTIFY). Listeners live on
// globalThis because Next.js bundles lib/ into its own chunks, so the "same" module inside Next
// and in the node:http server would otherwise be two objects.
//
// No "server-only" import: the node:http server (run by tsx, outside React's server condition)
// loads this module through the verify fast path, and "server-only" throws there.
import { dbProvider, getDb } from "@/lib/db";
import { notifyKeyChange } from "./notify";

type Listener = (keyId: string) => void;

const registry = globalThis as typeof globalThis & { __keyplaneKeyListeners?: Set<Listener> };

function listeners(): Set<Listener> {
  registry.__keyplaneKeyListeners ??= new Set();
  return registry.__keyplaneKeyListeners;
}

export function onKeyChanged(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

/**
 * Tells this process's listeners only. The PostgreSQL listener (lib/verify/notify.ts) uses it for
 * notices from other instances: re-publishing them would NOTIFY again, forever.
 */
export function dispatchKeyChange(keyId: string): void {
  for (const listener of listeners()) {
    try {
      listener(keyId);
    } catch (error) {
      // One faulty listener must not keep the others (the verify cache) from hearing the change.
      console.error(
        `[verify] key change listener failed: ${error instanceof Error ? error.message : "unknown error"}`,
      );
    }
  }
}

/**
 * Call after the change has committed (see afterCommit in lib/db/transaction.ts). Drops the key
 * from this process's caches synchronously; on PostgreSQL it also NOTIFYs the other instances
 * (fire and forget: a lost notice is covered by the cache's TTL, and the caller's change has
 * already committed, so there is nothing to roll back).
 */
export function publishKeyChange(keyId: string): void {
  dispatchKeyChange(keyId);
  if (dbProvider() === "postgresql") void notifyKeyChange(getDb(), keyId);
}
