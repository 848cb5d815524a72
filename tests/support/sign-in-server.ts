import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { knownDeviceCookie } from "@/lib/auth/known-device";
import { authenticate } from "@/lib/auth/sign-in";
import { metaFromHeaders } from "@/lib/http/request-meta";
import { clientAddressStep, type ClientAddressOptions } from "./client-address";

// The sign-in core (lib/auth/sign-in.ts) behind a node:http server that sets the caller's address as
// Keyplane's server does, and reads the address and the known-device cookie as Auth.js's
// authorize() does (lib/auth/auth.ts). The test connects from 127.0.0.1.

export type SignInAnswer = { ok: boolean; code?: string; deviceToken?: string };

export async function startSignInServer(options: ClientAddressOptions) {
  const decideClientAddress = clientAddressStep(options);
  const server = createServer((req, res) => {
    decideClientAddress(req);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { email: string; password: string };
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(name, value);
      authenticate(input, metaFromHeaders(headers), knownDeviceCookie(headers)).then(
        (result) =>
          res.end(JSON.stringify(result.ok ? { ok: true, deviceToken: result.deviceToken } : result)),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /**
     * One sign-in. `forwardedFor` is the X-Forwarded-For the server receives (what the client wrote
     * and what a proxy appended); `device` a known-device cookie value the browser sends.
     */
    attempt: async (
      email: string,
      password: string,
      options: { forwardedFor?: string; device?: string } = {},
    ): Promise<SignInAnswer> => {
      const headers: Record<string, string> = {};
      if (options.forwardedFor) headers["x-forwarded-for"] = options.forwardedFor;
      if (options.device) headers.cookie = `theme=dark; keyplane-device=${options.device}`;
      const response = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify({ email, password }),
      });
      return (await response.json()) as SignInAnswer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
