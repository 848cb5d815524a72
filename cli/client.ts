import { randomUUID } from "node:crypto";
import { CliError } from "./errors";
import { terminalText } from "./output";

// A small JSON client for /api/v1. Errors come back as CliError with the API's own message and
// its per-field messages. Calls that send an Idempotency-Key are retried on a network failure with
// the same key, so a create or roll whose answer was lost is never done twice.

type RequestOptions = {
  body?: unknown;
  query?: Record<string, string | number | readonly string[] | undefined>;
  /** Send an Idempotency-Key (and retry network failures with it). */
  idempotent?: boolean;
};

export type ApiClient = {
  baseUrl: string;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
};

type ErrorBody = { error?: { code?: unknown; message?: unknown; fields?: unknown } };

const RETRIES = 2;
const USER_AGENT = "keyplane-cli";

export function createClient(options: { url: string; key?: string; fetch?: typeof fetch }): ApiClient {
  const send = options.fetch ?? fetch;
  return {
    baseUrl: options.url,
    async request<T>(method: string, path: string, request: RequestOptions = {}): Promise<T> {
      const url = new URL(options.url + path);
      for (const [name, value] of Object.entries(request.query ?? {})) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value])
          url.searchParams.append(name, String(item));
      }
      const headers: Record<string, string> = { accept: "application/json", "user-agent": USER_AGENT };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      if (request.body !== undefined) headers["content-type"] = "application/json";
      if (request.idempotent) headers["idempotency-key"] = randomUUID();
      const init: RequestInit = {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      };
      const response = await fetchWithRetries(send, url, init, request.idempotent ? RETRIES : 0);
      const text = await response.text();
      const body = parseJson(text);
      if (!response.ok) throw apiError(response.status, body);
      if (body === undefined) throw new CliError(`The server's answer (${response.status}) is not JSON.`);
      return body as T;
    },
  };
}

async function fetchWithRetries(
  send: typeof fetch,
  url: URL,
  init: RequestInit,
  retries: number,
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(url, init);
    } catch (error) {
      if (attempt >= retries) {
        const cause =
          error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
        throw new CliError(`Could not reach ${url.origin}: ${cause}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 300 * (attempt + 1)));
    }
  }
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** "message" plus one indented line per field, as the API named them. */
function apiError(status: number, body: unknown): CliError {
  const error = (body as ErrorBody | undefined)?.error;
  if (!error || typeof error.message !== "string") {
    return new CliError(`The server answered ${status} without an explanation. Is the URL right?`);
  }
  const fields =
    error.fields && typeof error.fields === "object"
      ? Object.entries(error.fields as Record<string, unknown>).map(
          ([name, message]) => `  ${terminalText(name)}: ${terminalText(String(message))}`,
        )
      : [];
  return new CliError([`${terminalText(error.message)} (${status})`, ...fields].join("\n"));
}
