// A set of listeners shared by the whole process (key changes, webhook wake-ups). It lives on
// globalThis because Next.js bundles lib/ into its own chunks, so the "same" module inside Next and
// in the node:http server would otherwise hold two sets.

type Registry = typeof globalThis & Record<string, Set<unknown> | undefined>;

export interface ProcessListeners<L> {
  /** Adds a listener; returns the function that removes it. */
  add(listener: L): () => void;
  /** The listeners registered now. */
  current(): Iterable<L>;
}

/** The process's one set named `name` (kept as globalThis.__keyplane<name>). */
export function processListeners<L>(name: string): ProcessListeners<L> {
  const registry = globalThis as Registry;
  const key = `__keyplane${name}`;
  const set = (): Set<L> => (registry[key] ??= new Set()) as Set<L>;
  return {
    add(listener) {
      set().add(listener);
      return () => set().delete(listener);
    },
    current: set,
  };
}
