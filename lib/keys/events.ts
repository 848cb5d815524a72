import { dbProvider, getDb, type Db } from "@/lib/db";
import { processListeners } from "@/lib/listeners";

// Key cores announce every committed change to a key here (lib/keys/audit.ts, after commit);
// whoever must react subscribes with onKeyChanged (the verify cache, lib/verify/runtime.ts) and
// never the other way round, so lib/keys imports nothing from its subscribers. This process's
// listeners hear a change at once; other instances through PostgreSQL NOTIFY on
// KEY_CHANGED_CHANNEL, which lib/verify/notify.ts LISTENs to.
// Listeners are one set per process (lib/listeners.ts).

export const KEY_CHANGED_CHANNEL = "keyplane_key_changed";

type Listener = (keyId: string) => void;

const listeners = processListeners<Listener>("KeyListeners");

export function onKeyChanged(listener: Listener): () => void {
  return listeners.add(listener);
}

/**
 * Tells this process's listeners only. The PostgreSQL listener (lib/verify/notify.ts) uses it for
 * notices from other instances: re-publishing them would NOTIFY again, forever.
 */
export function dispatchKeyChange(keyId: string): void {
  for (const listener of listeners.current()) {
    try {
      listener(keyId);
    } catch (error) {
      // One faulty listener must not keep the others (the verify cache) from hearing the change.
      console.error(
        `[keys] key change listener failed: ${error instanceof Error ? error.message : "unknown error"}`,
      );
    }
  }
}

/**
 * Call after the change has committed (see afterCommit in lib/db/transaction.ts). Tells this
 * process's listeners synchronously; on PostgreSQL it also NOTIFYs the other instances (fire and
 * forget: a lost notice is covered by the verify cache's TTL, and the caller's change has already
 * committed, so there is nothing to roll back).
 */
export function publishKeyChange(keyId: string): void {
  dispatchKeyChange(keyId);
  if (dbProvider() === "postgresql") void notifyKeyChange(getDb(), keyId);
}

/** Tells every instance listening on the database. Never throws: the change has already committed. */
export async function notifyKeyChange(db: Db, keyId: string): Promise<void> {
  try {
    await db.$executeRaw`SELECT pg_notify(${KEY_CHANGED_CHANNEL}, ${keyId})`;
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "error") : "unknown error";
    console.error(`[keys] could not notify other instances of a key change: ${message}`);
  }
}
