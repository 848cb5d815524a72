import { expect, test } from "@playwright/test";
import { join } from "node:path";
import { createDb } from "@/lib/db";
import { TOTP_PER_USER, totpThrottleKey } from "@/lib/auth/throttle";
import { addMember, joinThroughLink, ownerTotpCode, removeMember } from "./members";
import { ORG, uniqueName } from "./support";

// An owner lifts the two-factor lock (100 wrong authenticator codes in a row, lib/auth/throttle.ts)
// from the members page, with their own code. Reaching the lock through the UI would take hours of
// growing delays, so the lock is written straight into the e2e server's database
// (scripts/e2e-server.ts: data/e2e.db) as the 100th wrong code leaves it.

const tag = uniqueName("unlock");
const person = { name: "Luca Locked", email: `${tag}@example.test` };

test("an owner unlocks a member's two-factor with their own code", async ({ page, browser }) => {
  const link = await addMember(page, person, "Member");
  const joined = await joinThroughLink(browser, { ...person, link }, "a long enough passphrase");
  await joined.context.close();
  const { db } = createDb(`file:${join(process.cwd(), "data", "e2e.db")}`);
  try {
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email } });
    await db.rateLimit.create({
      data: {
        key: totpThrottleKey(user.id),
        count: TOTP_PER_USER.hardCap ?? 100,
        windowStart: new Date(),
        lockedUntil: new Date("9999-12-31T00:00:00Z"),
      },
    });

    await page.goto(`${ORG}/members`);
    const row = page.getByRole("row", { name: new RegExp(person.email) });
    await expect(row).toContainText("Two-factor locked");
    await page.getByRole("button", { name: `Actions for ${person.email}` }).click();
    await page.getByRole("menuitem", { name: "Unlock two-factor…" }).click();
    const confirm = page.getByRole("alertdialog");
    await expect(confirm).toContainText("100 wrong authenticator codes");
    // Without the owner's code: refused next to the field, nothing changes.
    await confirm.getByRole("button", { name: "Unlock two-factor" }).click();
    await expect(confirm).toBeVisible();
    await confirm.getByLabel("Authenticator code").fill(await ownerTotpCode());
    await confirm.getByRole("button", { name: "Unlock two-factor" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText(`Two-factor unlocked for ${person.email}`)).toBeVisible();
    await expect(row).not.toContainText("Two-factor locked");
    expect(await db.rateLimit.count({ where: { key: totpThrottleKey(user.id) } })).toBe(0);
  } finally {
    await db.$disconnect();
  }
  await removeMember(page, person.email);
});
