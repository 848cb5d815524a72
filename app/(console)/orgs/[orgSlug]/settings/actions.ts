"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { addPermission, removePermission, updatePermissionDescription } from "@/lib/orgs/catalog";
import { updateKeyPolicy } from "@/lib/orgs/policy";
import {
  addPermissionSchema,
  removePermissionSchema,
  updateKeyPolicySchema,
  updatePermissionSchema,
} from "@/lib/orgs/settings-schemas";

// Organization settings: the key policy and the permission catalog. The catalog also feeds the
// key forms' permission pickers, which live on the keys and system pages.
const SETTINGS_PAGE = "/orgs/[orgSlug]/settings";

function revalidateCatalog(): void {
  revalidatePath(SETTINGS_PAGE, "page");
  revalidatePath("/orgs/[orgSlug]/keys", "layout");
  revalidatePath("/orgs/[orgSlug]/systems/[systemId]", "layout");
}

export const updateKeyPolicyAction = defineAction({
  name: "policy.update",
  schema: updateKeyPolicySchema,
  permission: "policy:update",
  stepUp: true,
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => updateKeyPolicy(ctx, input, tx),
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
