import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";

type Overrides = Partial<Pick<SqlDriverAdapter, "queryRaw" | "executeRaw" | "executeScript" | "dispose">>;

/**
 * A driver adapter that forwards to `inner` except for the given methods. Explicit forwarding, not
 * a prototype or Proxy: the adapters keep state in private class fields, which only work when
 * their methods are called on the original instance.
 */
export function wrapAdapter(inner: SqlDriverAdapter, overrides: Overrides): SqlDriverAdapter {
  const getConnectionInfo = inner.getConnectionInfo?.bind(inner);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: (query) => inner.executeRaw(query),
    executeScript: (script) => inner.executeScript(script),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
    dispose: () => inner.dispose(),
    ...(getConnectionInfo === undefined ? {} : { getConnectionInfo }),
    ...overrides,
  };
}
