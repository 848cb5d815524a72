import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = {
  "@": fileURLToPath(new URL("./", import.meta.url)),
  // Next's "server-only" guard throws outside a React Server environment; tests run on the server anyway.
  "server-only": fileURLToPath(new URL("./tests/support/empty-module.ts", import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: [
            "lib/**/*.test.ts",
            "components/**/*.test.ts",
            "scripts/**/*.test.ts",
            "cli/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      integrationProject("sqlite"),
      ...(process.env.TEST_DATABASE_URL ? [integrationProject("postgresql")] : []),
    ],
  },
});

function integrationProject(provider: "sqlite" | "postgresql") {
  return {
    resolve: { alias },
    test: {
      name: provider === "sqlite" ? "integration" : "integration-postgresql",
      env: { KEYPLANE_TEST_PROVIDER: provider },
      include: ["tests/integration/**/*.test.ts"],
      environment: "node",
      globalSetup: ["tests/support/global-setup.ts"],
      setupFiles: ["tests/support/setup.ts"],
      // One database per worker file; files run in parallel but each test file owns its data.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      // next-auth imports "next/server" without an extension, which Node's own ESM loader refuses;
      // tests/integration/sso.test.ts runs the real Auth.js through Vite's resolver instead.
      server: { deps: { inline: ["next-auth"] } },
    },
  };
}
