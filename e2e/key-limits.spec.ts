import { expect, test, type Locator } from "@playwright/test";
import { STEP_UP_ACCOUNTS } from "./step-up-accounts";
import { createOrgKey, ORG, uniqueName } from "./support";

// A key that carries its own limits, as a person sets it up: a rate limit, credits with a monthly
// refill and metadata in the create dialog, or later in the edit form; the table's credits column;
// verify spending a credit; "Top up" in the details panel, which the audit log records.
test.use({ storageState: STEP_UP_ACCOUNTS.keys.stateFile });

/** One rate limit "requests" of 100 per `window` ms, and credits refilled monthly to 10. */
async function fillUsage(
  form: Locator,
  usage: { window: string; credits: string; day?: string; meta: string },
) {
  await form.getByRole("button", { name: "Add rate limit" }).click();
  await form.getByLabel("Rate limit name").fill("requests");
  await form.getByLabel("Requests per window").fill("100");
  await form.getByLabel("Window (milliseconds)").fill(usage.window);
  await form.getByLabel("Credits").fill(usage.credits);
  await form.getByLabel("Refill", { exact: true }).selectOption("monthly");
  await form.getByLabel("Refill amount").fill("10");
  if (usage.day) await form.getByLabel("Refill day").fill(usage.day);
  await form.getByLabel("Metadata (JSON object)").fill(usage.meta);
}

test("create a key with credits and a limit, spend, top up", async ({ page }) => {
  const label = uniqueName("metered");
  await page.goto(`${ORG}/keys`);
  await page.getByRole("button", { name: "Create key" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create an organization key" });
  await dialog.getByLabel("Label").fill(label);
  await fillUsage(dialog, { window: "60000", credits: "10", meta: "not json" });
  await dialog.getByLabel("External id").fill("cus_e2e");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Metadata is a JSON object.")).toBeVisible();
  await dialog.getByLabel("Metadata (JSON object)").fill('{"plan":"pro"}');
  await dialog.getByRole("button", { name: "Create key" }).click();

  const reveal = page.getByRole("dialog", { name: "Key created" });
  const secret = (await reveal.getByTestId("revealed-secret").first().textContent()) ?? "";
  await reveal.getByRole("button", { name: "I have copied it" }).click();

  const answer = await page.request.post("/api/v1/verify", {
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(await answer.json()).toMatchObject({
    code: "VALID",
    externalId: "cus_e2e",
    meta: { plan: "pro" },
    credits: { remaining: 9 },
    ratelimits: [{ name: "requests", limit: 100, remaining: 99 }],
  });

  await page.reload();
  await expect(page.getByRole("columnheader", { name: "Credits" })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(label) });
  await expect(row.getByRole("cell", { name: "9", exact: true })).toBeVisible();
  await row.click();
  const sheet = page.getByRole("dialog", { name: new RegExp(label) });
  await expect(sheet.getByText("cus_e2e")).toBeVisible();
  await expect(sheet.getByText(/Refilled to 10 on day 1 of each month/)).toBeVisible();
  await expect(sheet.getByText(/100 per 1 min/)).toBeVisible();
  await sheet.getByLabel("Add credits").fill("5");
  await sheet.getByRole("button", { name: "Top up" }).click();
  await expect(sheet.getByTestId("credits-remaining")).toHaveText("14 left");

  await page.goto(`${ORG}/audit`);
  await expect(page.getByText("Key credits topped up").first()).toBeVisible();
});

test("edit an existing key: add a rate limit, credits with a monthly refill and metadata, then top up", async ({
  page,
}) => {
  const label = uniqueName("edited");
  await page.goto(`${ORG}/keys`);
  const secret = await createOrgKey(page, label);
  const verify = async () =>
    (await page.request.post("/api/v1/verify", { headers: { authorization: `Bearer ${secret}` } })).json();
  const unmetered = await verify();
  expect(unmetered).toMatchObject({ code: "VALID" });
  expect(unmetered.credits).toBeUndefined();

  await page.getByRole("row", { name: new RegExp(label) }).click();
  const sheet = page.getByRole("dialog", { name: new RegExp(label) });
  await sheet.getByRole("button", { name: "Edit key" }).click();
  await fillUsage(sheet, { window: "500", credits: "10", day: "15", meta: '{"plan":"pro","region":"eu"}' });
  await sheet.getByRole("button", { name: "Save changes" }).click();
  // The window is too short: the message sits beside its field and nothing is saved yet.
  await expect(
    sheet.getByText("A window is a whole number of milliseconds from 1 second to 31 days."),
  ).toBeVisible();
  await sheet.getByLabel("Window (milliseconds)").fill("60000");
  await sheet.getByRole("button", { name: "Save changes" }).click();

  await expect(sheet.getByRole("button", { name: "Edit key" })).toBeVisible();
  const limits = sheet.getByRole("region", { name: "Limits and metadata" });
  await expect(limits.getByText(/100 per 1 min/)).toBeVisible();
  await expect(limits.getByTestId("credits-remaining")).toHaveText("10 left");
  await expect(limits.getByText(/Refilled to 10 on day 15 of each month/)).toBeVisible();
  await expect(limits.getByText(/"region": "eu"/)).toBeVisible();

  await limits.getByLabel("Add credits").fill("5");
  await limits.getByRole("button", { name: "Top up" }).click();
  await expect(limits.getByTestId("credits-remaining")).toHaveText("15 left");
  const history = sheet.getByRole("region", { name: "History" });
  await expect(history.getByText("Key credits topped up")).toBeVisible();
  await expect(history.getByText("Key updated")).toBeVisible();

  expect(await verify()).toMatchObject({
    code: "VALID",
    meta: { plan: "pro", region: "eu" },
    credits: { remaining: 14 },
    ratelimits: [{ name: "requests", limit: 100, remaining: 99 }],
  });

  await page.goto(`${ORG}/audit`);
  await expect(page.getByText("Key credits topped up").first()).toBeVisible();
});
