// Prisma's better-sqlite3 adapter runs everything on one connection and only queues transactions
// behind each other. A query made outside a transaction while one is open therefore runs inside
// it: it reads uncommitted rows, and a write made that way is silently undone if the transaction
// rolls back. This wrapper puts plain queries in the same queue, so each runs between
// transactions, as it would on a database with real connections. No "server-only": tsx scripts
// import lib/db too.
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";

type Release = () => void;

/** A FIFO lock: `acquire` resolves with a release function once every earlier holder released. */
class Queue {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<Release> {
    let release: Release = () => undefined;
    const held = new Promise<void>((resolve) => {
      let released = false;
      release = () => {
        if (released) return;
        released = true;
        resolve();
      };
    });
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return ready;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

export function serializeSqliteAdapter(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serialAdapter(await factory.connect()),
  };
}

function serialAdapter(inner: SqlDriverAdapter): SqlDriverAdapter {
  const queue = new Queue();
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query: SqlQuery) => queue.run(() => inner.queryRaw(query)),
    executeRaw: (query: SqlQuery) => queue.run(() => inner.executeRaw(query)),
    executeScript: (script: string) => queue.run(() => inner.executeScript(script)),
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      const release = await queue.acquire();
      try {
        return holdUntilEnd(await inner.startTransaction(isolationLevel), release);
      } catch (error) {
        release();
        throw error;
      }
    },
    dispose: () => inner.dispose(),
  };
}

/** The transaction as is, except that committing or rolling back also lets the queue move on. */
function holdUntilEnd(tx: Transaction, release: Release): Transaction {
  const end = (finish: () => Promise<void>) => async () => {
    try {
      await finish();
    } finally {
      release();
    }
  };
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query: SqlQuery) => tx.queryRaw(query),
    executeRaw: (query: SqlQuery) => tx.executeRaw(query),
    commit: end(() => tx.commit()),
    rollback: end(() => tx.rollback()),
    ...(tx.createSavepoint
      ? { createSavepoint: (name: string) => tx.createSavepoint?.(name) ?? noop() }
      : {}),
    ...(tx.rollbackToSavepoint
      ? { rollbackToSavepoint: (name: string) => tx.rollbackToSavepoint?.(name) ?? noop() }
      : {}),
    ...(tx.releaseSavepoint
      ? { releaseSavepoint: (name: string) => tx.releaseSavepoint?.(name) ?? noop() }
      : {}),
  };
}

function noop(): Promise<void> {
  return Promise.resolve();
}
