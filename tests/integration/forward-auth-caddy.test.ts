import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { renderCaddyConfig } from "@/lib/connect/snippets/caddy";
import { useTestDatabase } from "../support/db";
import { describeGatewayLifecycle } from "../support/gateway";

// A real Caddy (Debian's) with forward_auth in front of a tiny upstream through a key's lifecycle
// (tests/support/gateway.ts), configured by exactly the site block the console's connect panel
// shows (renderCaddyConfig), after this test's own global options.
//
// Caddy writes nothing outside the test's directory: HOME and the XDG directories point into it,
// the admin endpoint is off, and the config is not autosaved. Caddy 2.6 (Debian's) has no Caddyfile
// option for that (persist_config came in 2.7), so the Caddyfile is adapted by Caddy's own adapter
// first and run as JSON with admin.config.persist set to false.

const CADDY = "/usr/bin/caddy";

useTestDatabase();

describeGatewayLifecycle({
  name: "Caddy",
  binary: CADDY,
  debianPackage: "caddy",
  // forward_auth returns a refusal as Keyplane sent it; an allowed request gets the service's answer.
  codeWhenAllowed: null,
  prepare: ({ dir, port, keyplaneUrl, upstreamUrl, scope }) => {
    const site = renderCaddyConfig({
      keyplaneUrl,
      scope,
      site: `http://127.0.0.1:${port}`,
      upstream: upstreamUrl,
    });
    const caddyfile = join(dir, "Caddyfile");
    writeFileSync(caddyfile, `{\n\tadmin off\n\tauto_https off\n}\n\n${site}`);
    const env = {
      ...process.env,
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, "config"),
      XDG_DATA_HOME: join(dir, "data"),
    };
    const json = join(dir, "caddy.json");
    writeFileSync(json, JSON.stringify(withoutAutosave(adapt(caddyfile, env))));
    return { args: ["run", "--config", json], env };
  },
  extraTests: () => {
    it("is the Caddyfile that `caddy fmt` writes (the panel's text needs no reformatting)", () => {
      const site = renderCaddyConfig({
        keyplaneUrl: "https://keyplane.example.com",
        scope: { system: "payments", permission: "nodes:add" },
        site: "api.example.com",
        upstream: "http://127.0.0.1:8080",
      });
      const formatted = spawnSync(CADDY, ["fmt", "-"], { input: site, encoding: "utf8" });
      expect(formatted.stderr).toBe("");
      expect(formatted.stdout).toBe(site);
    });
  },
});

/** Caddy's caddyfile adapter, as `caddy run --adapter caddyfile` would apply it. */
function adapt(caddyfile: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const adapted = spawnSync(CADDY, ["adapt", "--config", caddyfile, "--adapter", "caddyfile"], {
    env,
    encoding: "utf8",
  });
  if (adapted.status !== 0) throw new Error(`caddy adapt failed:\n${adapted.stderr}`);
  return JSON.parse(adapted.stdout) as Record<string, unknown>;
}

function withoutAutosave(config: Record<string, unknown>): Record<string, unknown> {
  const admin = typeof config.admin === "object" && config.admin !== null ? config.admin : {};
  return { ...config, admin: { ...admin, config: { persist: false } } };
}
