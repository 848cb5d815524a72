// One part of a parallel chain check (chain-parallel.ts): walks the entries after `after` up to
// seq `upTo` in the SQLite file and posts the ChainCheck. It explains no break (it has no client
// to look entries up): any problem sends the whole check back to the one-thread walk, which does.
import { parentPort, workerData } from "node:worker_threads";
import type { ChainCursor } from "./chain";
import { openSqlitePageReader } from "./chain-read";
import { walkChain, type ChainCheck } from "./chain-walk";

export interface ChainPart {
  file: string;
  organizationId: string;
  pageSize: number;
  after: ChainCursor;
  upTo: number;
}

const NO_LOOKUP = { bySeq: async () => null, byHash: async () => null };

async function walkPart(part: ChainPart): Promise<ChainCheck | null> {
  const reader = openSqlitePageReader(part.file, part.organizationId, part.pageSize, NO_LOOKUP, part.upTo);
  if (!reader) return null;
  try {
    return await walkChain(reader, part.after, null, undefined);
  } finally {
    reader.close();
  }
}

walkPart(workerData as ChainPart).then(
  (result) => parentPort?.postMessage(result),
  () => parentPort?.postMessage(null),
);
