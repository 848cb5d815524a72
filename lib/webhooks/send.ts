import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedAddress } from "./address";

// One POST to an endpoint. The connection goes to the addresses lib/webhooks/address.ts checked
// (the lookup is pinned to them), redirects are not followed (a 3xx is an answer like any other
// non-2xx), and the whole exchange is bounded by a timeout. The answer's body is read only to
// free the socket, up to a few KiB, and never stored.

export const SEND_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 4096;

export type SendResult = { status: number } | { error: string };

function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
    const usable = addresses.filter((entry) => wanted === undefined || entry.family === wanted);
    if (options.all) {
      callback(null, usable);
      return;
    }
    const first = usable[0];
    if (!first) callback(Object.assign(new Error("no address"), { code: "ENOTFOUND" }), "", 4);
    else callback(null, first.address, first.family);
  };
}

export function postWebhook(
  url: URL,
  addresses: readonly ResolvedAddress[],
  headers: Record<string, string>,
  body: string,
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<SendResult> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: pinnedLookup(addresses),
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "Keyplane-Webhooks/1",
        },
        agent: false,
      },
      (response) => {
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () => finish({ status: response.statusCode ?? 0 });
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({ error: `no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
    request.end(body);
  });
}
