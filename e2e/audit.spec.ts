import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { parseCheckpointDocument } from "../lib/audit/checkpoint-document";
import { verifyCheckpointSignature } from "../lib/audit/checkpoint-signature";
import { createSystem, deleteSystem, nav, ORG, uniqueName } from "./support";

// The owner makes a change and finds it in the audit log: filter by action, open the entry's
// details, verify the chain, keep the chain head, and export the filtered view as CSV. Other specs
// write to the same log meanwhile, so the table is narrowed to this spec's own system.

test("a change shows up in the audit log, which filters, explains, verifies and exports", async ({
  page,
}) => {
  const name = uniqueName("audited");
  // This spec is about the system's own entry: no first key (and no secret to reveal).
  await createSystem(page, name, { description: "Created for the audit spec" });

  await nav(page, "Audit").click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Chain head" })).toContainText(/Chain head #\d+/);

  // Filter by action: only "System created" entries remain; a search narrows them to ours.
  await page.getByRole("button", { name: "Filter by Action" }).click();
  await page.getByRole("menuitemcheckbox", { name: /System created/ }).click();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/action=system\.created/);
  const rows = page.getByRole("table", { name: "Audit log entries" }).getByRole("row");
  await expect(rows.filter({ hasText: "System created" }).first()).toBeVisible();
  await expect(rows.filter({ hasNotText: "System created" })).toHaveCount(1); // the header row
  await page.getByRole("searchbox", { name: "Search actor, target, action" }).fill(name);
  await expect(page).toHaveURL(new RegExp(`q=${name}`));
  await expect(rows).toHaveCount(2);
  const ours = rows.filter({ hasText: name });
  await expect(ours).toHaveCount(1);

  // The detail panel opens from the keyboard and shows every field, the change and the hashes.
  await ours.focus();
  await page.keyboard.press("Enter");
  const details = page.getByRole("dialog", { name: "System created" });
  await expect(details.getByRole("heading", { name: "Changes" })).toBeVisible();
  await expect(details.getByRole("cell", { name })).toBeVisible();
  await expect(details.getByRole("cell", { name: "Created for the audit spec" })).toBeVisible();
  await expect(details.getByText("Previous hash")).toBeVisible();
  await expect(details.getByText("owner@example.test")).toBeVisible();
  await expect(page).toHaveURL(/entry=/);
  await page.keyboard.press("Escape");
  await expect(details).toBeHidden();
  await expect(page).not.toHaveURL(/entry=/);

  // Verify the chain.
  await page.getByRole("button", { name: "Verify chain" }).click();
  const verify = page.getByRole("dialog", { name: "Verify the audit chain" });
  await expect(verify.getByText("Chain intact")).toBeVisible();
  await expect(verify).toContainText(/All \d+ entries link up/);
  await page.keyboard.press("Escape");

  // Keep the chain head elsewhere.
  const headDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download JSON" }).click();
  const head = JSON.parse(readFileSync(await (await headDownload).path(), "utf8")) as Record<string, unknown>;
  expect(head).toMatchObject({
    kind: "keyplane.audit.chain-head",
    organization: { slug: "acme-platform" },
    seq: expect.any(Number),
    hash: expect.stringMatching(/^[0-9a-f]{64}$/),
  });

  // Export the filtered view as CSV: our system's row is in it, and only system.created rows.
  await page.getByRole("button", { name: "Export" }).click();
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: "CSV" }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^keyplane-audit-acme-platform-\d{8}-\d{4}Z\.csv$/);
  const lines = readFileSync(await csv.path(), "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toMatch(/^seq,created_at,actor_type,/);
  expect(lines.some((line) => line.includes(name) && line.includes("system.created"))).toBe(true);
  expect(lines.slice(1).every((line) => line.includes(",system.created,"))).toBe(true);

  await deleteSystem(page, name);
});

test("the owner signs a checkpoint, which is listed and downloads as a verifiable file", async ({ page }) => {
  await page.goto(`${ORG}/audit`);
  const section = page.getByRole("region", { name: "Signed checkpoints" });
  await expect(section).toBeVisible();
  await section.getByRole("button", { name: "Create checkpoint now" }).click();
  await expect(page.getByText(/Checkpoint #\d+ signed/)).toBeVisible();

  // The new checkpoint is the first row: it signs the entry that records its own creation.
  const firstRow = section.getByRole("table", { name: "Checkpoints" }).getByRole("row").nth(1);
  await expect(firstRow).toContainText("owner@example.test");
  const seq = Number((await firstRow.getByRole("cell").first().textContent())?.replace("#", ""));

  const download = page.waitForEvent("download");
  await section.getByRole("button", { name: "Download newest" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`keyplane-checkpoint-acme-platform-${seq}.json`);
  const parsed = parseCheckpointDocument(JSON.parse(readFileSync(await file.path(), "utf8")));
  expect(parsed?.claim.seq).toBe(seq);
  expect(parsed && verifyCheckpointSignature(parsed.claim, parsed.signed)).toMatchObject({ ok: true });
});
