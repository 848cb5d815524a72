import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { verifySignature } from "../lib/webhooks/signature";
import { createOrganization, nav, OWNER_STATE, uniqueName } from "./support";

// Settings → Webhooks, as an owner: add an endpoint (the signing secret is shown once), send a
// test event to a real receiver started here, see it in the delivery log, resend it, delete the
// endpoint. The e2e server sets KEYPLANE_WEBHOOK_ALLOW_PRIVATE=true so 127.0.0.1 is allowed.
let org = "";
let server: Server;
let url = "";
const received: { signature: string; raw: string; body: { id: string; type: string } }[] = [];

test.beforeAll(async ({ browser }) => {
  server = createServer((request, response) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (raw += chunk));
    request.on("end", () => {
      received.push({
        signature: String(request.headers["keyplane-signature"]),
        raw,
        body: JSON.parse(raw) as { id: string; type: string },
      });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keyplane`;
  const context = await browser.newContext({ storageState: OWNER_STATE });
  org = await createOrganization(await context.newPage(), uniqueName("Webhooks"));
  await context.close();
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test("the owner adds a webhook, sees its secret once, sends a test event and finds it in the delivery log", async ({
  page,
}) => {
  await page.goto(org);
  await nav(page, "Settings").click();
  await page.getByRole("link", { name: "Manage webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await expect(page.getByText("No webhooks yet")).toBeVisible();

  await page.getByRole("button", { name: "Add webhook" }).click();
  const form = page.getByRole("dialog", { name: "Add webhook" });
  await form.getByLabel("Endpoint URL").fill("ftp://example.com/x");
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(form.getByText("Only http:// and https:// URLs can receive webhooks.")).toBeVisible();
  await form.getByLabel("Endpoint URL").fill(url);
  await form.getByRole("button", { name: "Add webhook" }).click();

  const reveal = page.getByRole("dialog", { name: "Signing secret" });
  const secret = (await reveal.getByTestId("webhook-secret").textContent()) ?? "";
  expect(secret).toMatch(/^whsec_/);
  await reveal.getByRole("button", { name: "I have copied it" }).click();
  await expect(reveal).toBeHidden();
  const endpoint = page.getByTestId("webhook-endpoint");
  await expect(endpoint).toContainText(url);
  await page.reload();
  await expect(page.getByText(secret)).toHaveCount(0);

  await endpoint.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued")).toBeVisible();
  await expect.poll(() => received.length).toBe(1);
  const [test] = received;
  expect(test?.body.type).toBe("webhook.test");
  expect(verifySignature(secret, test?.signature ?? "", test?.raw ?? "")).toBe(true);

  const delivery = endpoint.getByTestId("webhook-delivery");
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(delivery).toContainText("Delivered", { timeout: 1_000 });
  }).toPass();
  await expect(delivery).toContainText("webhook.test");
  await expect(delivery).toContainText(test?.body.id ?? "");
  await expect(delivery.getByRole("cell").nth(3)).toHaveText("200");
  await expect(delivery.getByRole("cell").nth(4)).toHaveText("1");

  await delivery.getByRole("button", { name: "Resend" }).click();
  await expect(page.getByText("webhook.test queued again")).toBeVisible();
  await expect.poll(() => received.length).toBe(2);
  expect(received[1]?.body.id).toBe(test?.body.id);

  await endpoint.getByRole("button", { name: `Delete webhook ${url}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete webhook" }).click();
  await expect(page.getByText("Webhook deleted")).toBeVisible();
  await expect(page.getByText("No webhooks yet")).toBeVisible();
});
