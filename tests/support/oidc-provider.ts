import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

// A real OpenID Connect provider (the oidc-provider package) for the SSO tests: the integration
// tests and the e2e spec start it on a local port and sign in through Auth.js against it, with
// discovery, PKCE, state, nonce and the token exchange all real. Its development login page
// (devInteractions) accepts any password for an account the test registered with setAccount();
// consent is granted without a page.

export type TestClaims = {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
};

export type TestOidcProvider = {
  issuer: string;
  /** The claims the account `login` gets (replaced on each call), as the test changes the directory. */
  setAccount(login: string, claims: TestClaims): void;
  close(): Promise<void>;
};

export async function startTestOidcProvider(options: {
  clientId: string;
  clientSecret: string;
  /** The redirect URI the client is registered with: exactly <base URL>/api/auth/callback/oidc. */
  redirectUri: string;
  /** 0: any free port. */
  port?: number;
  host?: string;
}): Promise<TestOidcProvider> {
  const accounts = new Map<string, TestClaims>();
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    // The claims go in the ID token (Auth.js reads them from there), as Keycloak, Entra ID and
    // Okta can be set to do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["keyplane-test-cookie-key"] },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const claims = accounts.get(id);
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  });
  provider.on("server_error", (_ctx, error) => console.error("[test oidc provider]", error));
  const callback = provider.callback();
  handler = (req, res) => void callback(req, res);

  return {
    issuer,
    setAccount(login, claims) {
      accounts.set(login, claims);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
