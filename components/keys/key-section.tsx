import { can, type RoleSet } from "@/lib/auth/permissions";
import { keyListParamsSchema } from "@/lib/keys/list-params";
import { keyFormOptions } from "@/lib/keys/form-options";
import { getKeyDetails, listKeys } from "@/lib/keys/queries";
import { listSystemChoices } from "@/lib/systems/queries";
import { KeyTable } from "./key-table";
import type { KeyTableContext } from "./types";

type Props = {
  org: { id: string; slug: string };
  user: { totpEnabled: boolean; passkeyEnabled: boolean };
  roles: RoleSet;
  scope: KeyTableContext["scope"];
  searchParams: Record<string, string | string[] | undefined>;
};

/**
 * The key table of the organization keys page and of each system page: one server component
 * that reads the URL's page, sort and filters, queries one page, and hands it to the client table.
 */
export async function KeySection({ org, user, roles, scope, searchParams }: Props) {
  const params = keyListParamsSchema.parse(searchParams);
  const manage = scope.type === "organization" ? "org-keys:manage" : "system-keys:manage";
  const keyParam = typeof searchParams.key === "string" ? searchParams.key.slice(0, 64) : null;
  const [page, details, { catalog, policy, publicUrl }, systems] = await Promise.all([
    listKeys(org.id, {
      scope:
        scope.type === "system" ? { type: "system", systemId: scope.systemId } : { type: "organization" },
      q: params.q,
      states: params.state,
      expiresWithin: params.expiresWithin,
      sort: params.sort,
      dir: params.dir,
      page: params.page,
      perPage: params.perPage,
    }),
    keyParam ? getKeyDetails(org.id, keyParam) : null,
    keyFormOptions(org.id, scope.type),
    // Organization keys may be limited to any system; a system page needs only its own.
    listSystemChoices(org.id, scope.type === "system" ? scope.systemId : null),
  ]);
  // A key of another scope (or none) in ?key= is simply not shown.
  const scopedDetails =
    details && (scope.type === "system" ? details.systemId === scope.systemId : details.systemId === null)
      ? details
      : null;

  const context: KeyTableContext = {
    organizationId: org.id,
    orgSlug: org.slug,
    scope,
    canManage: can(roles, manage),
    totpEnabled: user.totpEnabled,
    passkeyEnabled: user.passkeyEnabled,
    catalog,
    systems,
    policy,
    publicUrl,
  };

  return (
    <KeyTable
      context={context}
      page={page}
      sort={{ field: params.sort, dir: params.dir }}
      details={scopedDetails}
      detailsMode={searchParams.mode === "edit" ? "edit" : "view"}
      filtered={params.q !== "" || params.state.length > 0 || params.expiresWithin !== undefined}
    />
  );
}
