import { expect, test } from "@playwright/test";
import { STEP_UP_ACCOUNTS, stepUpSecret } from "./step-up-accounts";
import { deleteSystem, ORG, revokeKey, uniqueName } from "./support";

// Issue #7, "Connecting data planes": a system created with its first key, the secret revealed
// once, the connect panel opened over it (the curl call may carry the secret while it is on
// screen), and opened again later from the key's menu, where only $KEYPLANE_KEY appears. The
// spec's own admin (with an authenticator) revokes the key at the end.
test.use({ storageState: STEP_UP_ACCOUNTS.connect.stateFile });

test("create a system with its first key, connect a data plane, and never see the secret again", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const totp = stepUpSecret(STEP_UP_ACCOUNTS.connect);
  await page.goto(`${ORG}/systems`);
  const origin = new URL(page.url()).origin;

  const name = uniqueName("edge");
  const label = `${name}-dataplane`;
  await page.getByRole("button", { name: "Create system" }).first().click();
  const create = page.getByRole("dialog", { name: "Create system" });
  await create.getByLabel("Name").fill(name);
  await expect(create.getByRole("switch", { name: "Also create its first key" })).toBeChecked();
  await expect(create.getByLabel("Key label")).toHaveValue(label);
  await expect(create.getByRole("combobox", { name: "Expires" })).toHaveText(/Policy default \(\d+ days\)/);
  await create.getByRole("button", { name: "Create system" }).click();

  const reveal = page.getByRole("dialog", { name: "Key created" });
  await expect(reveal.getByText("You will not see this again")).toBeVisible();
  const secret = (await reveal.getByTestId("revealed-secret").textContent()) ?? "";
  expect(secret).toMatch(/^kp_[0-9A-Za-z]{38}$/);

  // Over the reveal: the secret is still on screen, so the curl call may carry it.
  await reveal.getByRole("button", { name: "Connect a data plane" }).click();
  const panel = page.getByRole("dialog", { name: "Connect a data plane" });
  await expect(panel.getByText(`${origin}/api/v1/verify`, { exact: true })).toBeVisible();
  await expect(panel.getByText(`${origin}/api/v1/forward-auth`, { exact: true })).toBeVisible();
  await expect(panel.getByTestId("snippet-curl")).toContainText(secret);
  await expect(panel.getByText("The curl command contains the secret")).toBeVisible();

  await panel.getByRole("tab", { name: "nginx" }).click();
  await panel.getByRole("button", { name: "Copy the nginx configuration" }).click();
  await expect(panel.getByText("Copied", { exact: true }).first()).toBeAttached();
  const nginx = await page.evaluate(() => navigator.clipboard.readText());
  expect(nginx).toContain("auth_request /_keyplane_auth;");
  expect(nginx).toContain(`proxy_pass ${origin}/api/v1/forward-auth?system=${name};`);
  expect(nginx).not.toContain(secret);

  await panel.getByRole("button", { name: "Done" }).click();
  await expect(panel).toBeHidden();
  await reveal.getByRole("button", { name: "I have copied it" }).click();
  await expect(reveal).toBeHidden();
  await expect(page.getByRole("heading", { name })).toBeVisible();

  // Later, from the key's menu: the secret is gone, the snippets say $KEYPLANE_KEY.
  const row = page.getByRole("row", { name: new RegExp(label) });
  await row.getByRole("button", { name: `Actions for ${label}` }).click();
  await page.getByRole("menuitem", { name: "Connect a data plane…" }).click();
  const again = page.getByRole("dialog", { name: "Connect a data plane" });
  await expect(again.getByTestId("snippet-curl")).toContainText('-H "Authorization: Bearer $KEYPLANE_KEY"');
  await expect(again.getByText(/Snippets use \$KEYPLANE_KEY, not the secret/)).toBeVisible();
  await again.getByRole("tab", { name: "Envoy" }).click();
  await expect(again.getByTestId("snippet-envoy")).toContainText(
    `/api/v1/forward-auth?system=${name}&status=200&path=`,
  );
  expect(await page.content()).not.toContain(secret);
  await again.getByRole("button", { name: "Done" }).click();

  // Clean up: revoke the key (step-up), then delete the system.
  await revokeKey(page, label, totp);
  await deleteSystem(page, name);
});
