import { hostname, userInfo } from "node:os";
import type { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/context";
import { transact } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { createKey } from "@/lib/keys/create";
import { ORG_ONLY_PERMISSION } from "@/lib/keys/references";
import { createKeySchema } from "@/lib/keys/schemas";
import { createOrganization } from "@/lib/orgs/organizations";
import { createFirstOwner } from "@/lib/orgs/setup";
import { setupSchema } from "@/lib/auth/schemas";

// Operator bootstrap without a browser: the first owner, their organization and an organization
// key holding keys:manage, in one transaction, audited with the operator as actor. It shares the
// console's cores: createFirstOwner (only on an installation without users, with the same sentinel
// row, so bootstrap and first-run set-up cannot both succeed when they race) and createOrganization
// (the same organization, and the same audit entry, as the console's).

export type BootstrapInput = Omit<z.input<typeof setupSchema>, "confirmPassword">;

export type BootstrapResult = {
  user: { id: string; email: string };
  organization: { id: string; name: string; slug: string };
  key: { id: string; label: string; expiresAt: Date; secret: string };
};

const BOOTSTRAP_KEY_LABEL = "bootstrap";

/** The console's own set-up rules (email, name, password, organization name), before any change. */
export function parseBootstrapInput(raw: BootstrapInput): z.output<typeof setupSchema> {
  const parsed = setupSchema.safeParse({ ...raw, confirmPassword: raw.password });
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new AppError(
    "VALIDATION_FAILED",
    first ? `${first.path.join(".")}: ${first.message}` : "Invalid input.",
  );
}

export async function bootstrap(raw: BootstrapInput): Promise<BootstrapResult> {
  const input = parseBootstrapInput(raw);
  const passwordHash = await hashPassword(input.password);
  return transact(async (tx) => {
    const user = await createFirstOwner(
      tx,
      { email: input.email, name: input.name, passwordHash },
      () =>
        new AppError(
          "CONFLICT",
          "This installation already has users: bootstrap only sets up a new one. Sign in to the console instead.",
        ),
    );
    const operator = {
      actor: operatorActor(),
      meta: { ip: null, userAgent: "keyplane-cli admin bootstrap" },
    };
    const created = await createOrganization(operator, { name: input.organizationName, owner: user }, tx);
    const organization = { id: created.id, name: created.name, slug: created.slug };
    const key = await createKey(
      { ...operator, organizationId: organization.id },
      createKeySchema.parse({
        organizationId: organization.id,
        label: BOOTSTRAP_KEY_LABEL,
        description: `Made by keyplane admin bootstrap for ${user.email}. Roll or revoke it once you have your own keys.`,
        permissions: [ORG_ONLY_PERMISSION],
      }),
      tx,
    );
    const secret = key.secrets.primary;
    if (!secret) throw new Error("createKey returned no primary secret.");
    return {
      user,
      organization,
      key: { id: key.key.id, label: key.key.label, expiresAt: key.key.expiresAt, secret },
    };
  });
}

/** Who ran it, as far as this machine knows: an audit trail is only as good as its "who". */
export function operatorActor(): Actor {
  let account = "unknown";
  try {
    account = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep "unknown"
  }
  return { type: "operator", id: null, label: `operator ${account}@${hostname()}` };
}
