import { getDb, type Tx } from "./index";

// Every entry point runs a core function through transact(). Work that must only happen once the
// change is committed (dropping verify-cache entries, notifying other instances) is registered
// with afterCommit() inside the transaction and runs after the commit, never after a rollback.
const hooks = new WeakMap<Tx, (() => void | Promise<void>)[]>();

export async function transact<T>(
  work: (tx: Tx) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  let pending: (() => void | Promise<void>)[] = [];
  const result = await getDb().$transaction(
    async (tx) => {
      pending = [];
      hooks.set(tx, pending);
      return work(tx);
    },
    { timeout: options.timeoutMs ?? 15_000, maxWait: 10_000 },
  );
  for (const hook of pending) await hook();
  return result;
}

export function afterCommit(tx: Tx, hook: () => void | Promise<void>): void {
  const list = hooks.get(tx);
  if (!list) throw new Error("afterCommit() needs a transaction opened by transact().");
  list.push(hook);
}
