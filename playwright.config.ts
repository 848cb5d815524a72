import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium, never a downloaded browser. The web server migrates a throwaway SQLite
// database and starts the production build on its own port.
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
// The OpenID provider e2e/sso.spec.ts starts (tests/support/oidc-provider.ts). The server is
// configured for it from the start; Auth.js discovers it only at the first SSO sign-in.
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? PORT + 1000);
export const OIDC = {
  issuer: `http://127.0.0.1:${OIDC_PORT}`,
  clientId: "keyplane-test",
  clientSecret: "keyplane-test-secret-0123456789abcdef",
  name: "Test IdP",
  /** Registered with the provider exactly as Auth.js builds it from the one base URL. */
  redirectUri: `${BASE_URL}/api/auth/callback/oidc`,
};

// Spec files run in parallel workers (the tests of one file in order, in one worker): each spec
// makes and removes its own data, and specs that need authenticator codes have accounts of their
// own (e2e/step-up-accounts.ts). Two workers suit the 2-core machines this runs on.
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  // Generous: a story of many steps takes most of a minute when two workers share a busy 2-core machine;
  // each expect still gives up after 15 s, so a hang is reported where it happens.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  globalTeardown: "./e2e/server-log.teardown.ts",
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  outputDir: "test-results/playwright",
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // first-run → totp → the specs: set-up makes the owner, then the totp set-up makes the accounts
  // with an authenticator that step-up specs use. No spec depends on another spec or on file order.
  projects: [
    { name: "first-run", testMatch: /first-run\.setup\.ts/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "totp",
      testMatch: /totp\.setup\.ts/,
      dependencies: ["first-run"],
      use: { ...devices["Desktop Chrome"], storageState: "e2e/.auth/owner.json" },
    },
    {
      name: "console",
      testMatch: /.*\.spec\.ts/,
      dependencies: ["totp"],
      use: { ...devices["Desktop Chrome"], storageState: "e2e/.auth/owner.json" },
    },
  ],
  webServer: {
    command: "tsx scripts/e2e-server.ts",
    url: `${BASE_URL}/sign-in`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      NEXT_TELEMETRY_DISABLED: "1",
      KEYPLANE_OIDC_ISSUER: OIDC.issuer,
      KEYPLANE_OIDC_CLIENT_ID: OIDC.clientId,
      KEYPLANE_OIDC_CLIENT_SECRET: OIDC.clientSecret,
      KEYPLANE_OIDC_NAME: OIDC.name,
      KEYPLANE_OIDC_SCOPES: "openid profile email groups",
    },
  },
});
