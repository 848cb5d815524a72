// Loads Prisma's schema engine (Wasm build) and runs one operation against a database through a
// driver adapter. The Prisma CLI's migrate commands need a native engine this project cannot
// download; the Wasm engine does the same work through the adapters we already ship.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import type * as EngineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { engineErrorMessage } from "@/lib/db/migrate/errors";
import { wrapAdapter } from "@/lib/db/migrate/wrap-adapter";

type EngineModule = typeof EngineGlue;

export interface EngineSessionOptions {
  /** Absolute path and text of the Prisma schema the engine validates the datasource against. */
  schema: { path: string; content: string };
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Receives the engine's progress messages ("Applying `…`"). */
  log?: (message: string) => void;
}

let enginePromise: Promise<EngineModule> | undefined;
let activeSessions = 0;
// Timers the engine started. It never clears them (a 10 s timeout raced against each PostgreSQL
// operation), so once no session is running they are unref'd: otherwise every script would
// linger 10 s before exiting.
const engineTimers = new Set<NodeJS.Timeout>();

/**
 * The package's main entry imports the .wasm file as an ES module, which Node only allows behind an
 * experimental flag. So we instantiate the binary ourselves and hand it to the JS glue, once per
 * process (the glue keeps the instance in module state).
 */
function loadEngineModule(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    const glueUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue: EngineModule = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(fileURLToPath(new URL("schema_engine_bg.wasm", glueUrl)));
    const { instance } = await WebAssembly.instantiate(bytes, engineImports(glue));
    glue.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start !== "function")
      throw new Error("The schema engine Wasm module has no __wbindgen_start export.");
    start();
    return glue;
  })();
  // A failed load (e.g. a missing file) should not be cached for the rest of the process.
  enginePromise.catch(() => {
    enginePromise = undefined;
  });
  return enginePromise;
}

/** The glue's exports as the Wasm imports, with setTimeout replaced by a tracked one. */
function engineImports(glue: EngineModule): WebAssembly.Imports {
  const imports: WebAssembly.ModuleImports = { ...glue };
  for (const name of Object.keys(imports)) {
    if (name.startsWith("__wbg_setTimeout_")) imports[name] = trackedSetTimeout;
  }
  return { "./schema_engine_bg.js": imports };
}

function trackedSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    engineTimers.delete(timer);
    callback();
  }, ms >>> 0);
  engineTimers.add(timer);
  return timer;
}

/**
 * Runs `work` with a fresh engine and always releases every connection afterwards: freeing the
 * engine does not close the adapters it opened, and on SQLite the engine holds an EXCLUSIVE lock
 * until its connection is closed. Engine errors are rethrown as plain one-line Errors.
 */
export async function withSchemaEngine<T>(
  options: EngineSessionOptions,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadEngineModule();
  const tracked = trackConnections(options.factory);
  // Bound, because the engine calls connect() without `this`; the binding also turns thrown JS
  // errors into ids whose originals we can look up in errorRegistry for messages.
  const bound = bindMigrationAwareSqlAdapterFactory(tracked.factory);
  let engine: SchemaEngine | undefined;
  activeSessions += 1;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels: [[options.schema.path, options.schema.content]] },
      (line: string) => forwardLog(line, options.log),
      bound,
    );
    return await work(engine);
  } catch (error) {
    throw new Error(engineErrorMessage(error, bound.errorRegistry), { cause: error });
  } finally {
    engine?.free();
    await tracked.disposeAll();
    activeSessions -= 1;
    if (activeSessions === 0) for (const timer of engineTimers) timer.unref();
  }
}

/** Wraps a factory so that every adapter it hands out can be disposed of exactly once at the end. */
function trackConnections(inner: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  disposeAll: () => Promise<void>;
} {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    let disposed: Promise<void> | undefined;
    const once = wrapAdapter(adapter, {
      dispose: () => {
        open.delete(once);
        disposed ??= adapter.dispose();
        return disposed;
      },
    });
    open.add(once);
    return once;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => track(await inner.connect()),
    connectToShadowDb: async () => track(await inner.connectToShadowDb()),
  };
  const disposeAll = async (): Promise<void> => {
    const results = await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
    // Not thrown: it would hide the operation's own result or error. But a shadow database left
    // behind should not go unnoticed either.
    for (const result of results) {
      if (result.status === "rejected") {
        process.emitWarning(`Closing a migration connection failed: ${engineErrorMessage(result.reason)}`);
      }
    }
  };
  return { factory, disposeAll };
}

/** The engine logs JSON lines (tracing events); pass on only their human messages. */
function forwardLog(line: string, log: ((message: string) => void) | undefined): void {
  if (log === undefined) return;
  try {
    const event: unknown = JSON.parse(line);
    if (typeof event !== "object" || event === null || !("fields" in event)) return;
    const fields: unknown = event.fields;
    if (
      typeof fields === "object" &&
      fields !== null &&
      "message" in fields &&
      typeof fields.message === "string"
    ) {
      log(fields.message);
    }
  } catch {
    // Not JSON: nothing worth showing.
  }
}
