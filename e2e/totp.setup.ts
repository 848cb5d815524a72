import { test as setup } from "@playwright/test";
import { addMember, joinThroughLink } from "./members";
import { STEP_UP_ACCOUNTS } from "./step-up-accounts";
import { enrolTotpViaUi, writeFileMakingDir } from "./totp";

// Runs after first-run.setup.ts, before the specs: one admin per spec that needs step-up codes,
// each with an authenticator set up through the security page. Saves each account's session and
// secret in e2e/.auth/ (see step-up-accounts.ts). One after the other: making each one an admin
// takes a fresh code of the owner's authenticator, and each time step is accepted once.
setup.describe.configure({ mode: "serial" });

for (const [spec, who] of Object.entries(STEP_UP_ACCOUNTS)) {
  setup(`the ${spec} spec's admin sets up an authenticator`, async ({ page, browser }) => {
    const link = await addMember(page, who, "Admin");
    const { context, page: own } = await joinThroughLink(browser, { ...who, link }, who.password);
    const secret = await enrolTotpViaUi(own);
    writeFileMakingDir(who.secretFile, `${secret}\n`);
    await context.storageState({ path: who.stateFile });
    await context.close();
  });
}
