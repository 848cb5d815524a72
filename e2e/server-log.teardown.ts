import { existsSync, readFileSync } from "node:fs";
import { OWNER, ownerTotpSecret } from "./support";
import { STEP_UP_ACCOUNTS, stepUpSecret } from "./step-up-accounts";

// After the whole run (README, "Operating Keyplane": logs): the e2e server's log (written by
// scripts/e2e-server.ts) holds one line per request, and never a password, an authenticator secret
// or a key secret (any `kp_` secret the specs created, shown or rolled).

const LOG = "data/e2e-server.log";

export default function checkServerLog(): void {
  if (!existsSync(LOG)) throw new Error(`${LOG} is missing: the e2e server wrote no log`);
  const log = readFileSync(LOG, "utf8");
  const lines = log.split("\n").filter(Boolean);
  const requests = lines.filter((line) => line.includes('"msg":"request"')).length;
  if (requests < 100) throw new Error(`${LOG} has ${requests} request lines; expected one per request`);

  const forbidden: [string, string][] = [["the owner's password", OWNER.password]];
  const ownerSecret = ownerTotpSecret();
  if (ownerSecret) forbidden.push(["the owner's authenticator secret", ownerSecret]);
  for (const account of Object.values(STEP_UP_ACCOUNTS)) {
    forbidden.push([`${account.email}'s password`, account.password]);
    if (existsSync(account.secretFile))
      forbidden.push([`${account.email}'s authenticator secret`, stepUpSecret(account)]);
  }
  const found = forbidden.filter(([, value]) => log.includes(value)).map(([what]) => what);
  const keySecrets = log.match(/kp_[0-9A-Za-z]{20,}/g) ?? [];
  if (keySecrets.length > 0)
    found.push(`${keySecrets.length} key secret(s), e.g. ${keySecrets[0]?.slice(0, 8)}…`);
  if (found.length > 0) throw new Error(`The e2e server's log holds ${found.join(", ")}`);
  console.log(
    `server log: ${lines.length} lines (${requests} requests), no password, authenticator secret or key secret`,
  );
}
