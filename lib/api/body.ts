import { AppError } from "@/lib/errors";

// Request bodies of the REST routes (lib/api/route.ts for every JSON route, lib/api/leaks.ts for
// GitHub's signed reports, whose signature is over the raw bytes): read up to a limit and no
// further, then parsed as JSON with one answer for text that is not.

/** The raw body, refused past `limit` bytes (declared or streamed) without reading the rest. */
export async function readLimitedBody(request: Request, limit: number): Promise<Buffer> {
  const tooLarge = () => new AppError("BAD_REQUEST", `The request body is limited to ${limit / 1024} KiB.`);
  if (Number(request.headers.get("content-length") ?? "0") > limit) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** JSON.parse with the API's answer for a body that is not JSON. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
}
