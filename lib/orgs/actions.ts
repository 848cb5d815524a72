"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { defineUserAction } from "@/lib/actions/define-user-action";
import { transact } from "@/lib/db/transaction";
import { rememberOrganization } from "@/lib/orgs/active-organization";
import { addPermission, removePermission, updatePermissionDescription } from "@/lib/orgs/catalog";
import { createOrganization, ownerCreates } from "@/lib/orgs/organizations";
import { updateKeyPolicy } from "@/lib/keys/policy-store";
import { createOrganizationSchema } from "@/lib/orgs/schemas";
import { setTwoFactorRequirement } from "@/lib/orgs/two-factor";
import { setSsoSettings } from "@/lib/orgs/sso-settings";
import {
  addPermissionSchema,
  removePermissionSchema,
  setSsoSettingsSchema,
  setTwoFactorRequirementSchema,
  updateKeyPolicySchema,
  updatePermissionSchema,
} from "@/lib/orgs/settings-schemas";

// A new organization (any signed-in user may create one and becomes its owner), and the
// organization settings: the key policy and the permission catalog. The catalog also feeds the
// key forms' permission pickers, which live on the keys and system pages.
const SETTINGS_PAGE = "/orgs/[orgSlug]/settings";

function revalidateCatalog(): void {
  revalidatePath(SETTINGS_PAGE, "page");
  revalidatePath("/orgs/[orgSlug]/keys", "layout");
  revalidatePath("/orgs/[orgSlug]/systems/[systemId]", "layout");
}

export const createOrganizationAction = defineUserAction({
  name: "organization.create",
  schema: createOrganizationSchema,
  async run(user, input, meta) {
    const org = await transact((tx) =>
      createOrganization(ownerCreates(user, meta), { name: input.name, owner: user }, tx),
    );
    await rememberOrganization(user, org.id);
    return { slug: org.slug };
  },
});

export const updateKeyPolicyAction = defineAction({
  name: "policy.update",
  schema: updateKeyPolicySchema,
  permission: "policy:update",
  stepUp: true,
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => updateKeyPolicy(ctx, input, tx),
  after: () => revalidatePath(SETTINGS_PAGE, "page"),
});

export const setTwoFactorRequirementAction = defineAction({
  name: "organization.twoFactor.set",
  schema: setTwoFactorRequirementSchema,
  permission: "org:update",
  stepUp: true,
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => setTwoFactorRequirement(ctx, input, tx),
  // The overview's reminder, the settings switch and the members' gate all follow the setting.
  after: () => revalidatePath("/orgs/[orgSlug]", "layout"),
});

export const setSsoSettingsAction = defineAction({
  name: "organization.sso.set",
  schema: setSsoSettingsSchema,
  permission: "org:update",
  stepUp: true,
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => setSsoSettings(ctx, input, tx),
  after: () => revalidatePath(SETTINGS_PAGE, "page"),
});

export const addPermissionAction = defineAction({
  name: "catalog.add",
  schema: addPermissionSchema,
  permission: "catalog:manage",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => addPermission(ctx, input, tx),
  after: revalidateCatalog,
});

export const updatePermissionDescriptionAction = defineAction({
  name: "catalog.update",
  schema: updatePermissionSchema,
  permission: "catalog:manage",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => updatePermissionDescription(ctx, input, tx),
  after: revalidateCatalog,
});

export const removePermissionAction = defineAction({
  name: "catalog.remove",
  schema: removePermissionSchema,
  permission: "catalog:manage",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => removePermission(ctx, input, tx),
  after: revalidateCatalog,
});
