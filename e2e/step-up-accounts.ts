import { readFileSync } from "node:fs";

// Accounts for specs whose actions ask for an authenticator code (roll, regenerate, revoke, delete
// a key, view a secret). The server accepts each time step of an account's authenticator once, so
// two specs running at the same time with one account would refuse each other's codes: each spec
// that needs step-up has an account of its own here. totp.setup.ts makes each one an admin of the
// owner's organization with an authenticator set up, and saves its session and its secret.
//
// A new spec that needs step-up adds an entry and starts with:
//   test.use({ storageState: STEP_UP_ACCOUNTS.mySpec.stateFile });
//   const totp = stepUpSecret(STEP_UP_ACCOUNTS.mySpec);

export type StepUpAccount = {
  name: string;
  email: string;
  password: string;
  /** Storage state of the account's signed-in session. */
  stateFile: string;
  /** The authenticator's secret (base32), as its owner's phone would hold it. */
  secretFile: string;
};

function account(id: string, name: string): StepUpAccount {
  return {
    name,
    email: `${id}@example.test`,
    password: `${id} has a long passphrase`,
    stateFile: `e2e/.auth/${id}.json`,
    secretFile: `e2e/.auth/${id}-totp.txt`,
  };
}

export const STEP_UP_ACCOUNTS = {
  keys: account("keys-admin", "Kim Keys"),
  connect: account("connect-admin", "Cora Connect"),
  rotation: account("rotation-admin", "Rita Rotation"),
  console: account("console-admin", "Cole Console"),
  keyboard: account("keyboard-admin", "Kai Keyboard"),
} as const;

export function stepUpSecret(who: StepUpAccount): string {
  return readFileSync(who.secretFile, "utf8").trim();
}
