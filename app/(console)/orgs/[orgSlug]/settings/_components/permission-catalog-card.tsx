import { Lock, ShieldCheck } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RowActionsHead } from "@/components/data-table/row-actions-menu";
import type { CatalogPermission } from "@/lib/orgs/catalog";
import { AddPermissionDialog } from "./add-permission-dialog";
import { EditPermissionDialog } from "./edit-permission-dialog";
import { RemovePermissionDialog } from "./remove-permission-dialog";

type CatalogRow = CatalogPermission & { liveKeys: number };

type Props = { organizationId: string; permissions: CatalogRow[]; editable: boolean };

export function PermissionCatalogCard({ organizationId, permissions, editable }: Props) {
  const addButton = editable ? <AddPermissionDialog organizationId={organizationId} /> : null;

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Permission catalog</CardTitle>
        <CardDescription>
          The permissions keys can hold. Data planes ask the verify endpoint whether a key holds the one a
          request needs.
        </CardDescription>
        {permissions.length > 0 && addButton ? <CardAction>{addButton}</CardAction> : null}
      </CardHeader>
      <CardContent className="grid gap-4">
        {permissions.length === 0 ? (
          <EmptyState
            icon={ShieldCheck}
            title="No permissions yet"
            description={
              editable
                ? "Add the permissions your data planes check, such as catalog:register or nodes:add."
                : "The owners of this organization have not added any permissions yet."
            }
            action={addButton}
          />
        ) : (
          <div className="overflow-hidden rounded-lg border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead className="pl-4">Permission</TableHead>
                  <TableHead className="hidden md:table-cell">Description</TableHead>
                  <TableHead className={editable ? "text-right" : "pr-4 text-right"}>Live keys</TableHead>
                  {editable ? <RowActionsHead className="w-24 pr-4 text-right" /> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {permissions.map((permission) => (
                  <PermissionRow
                    key={permission.id}
                    organizationId={organizationId}
                    permission={permission}
                    editable={editable}
                  />
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        {!editable ? (
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <Lock className="size-3.5" aria-hidden /> Only owners can change the permission catalog.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

type RowProps = { organizationId: string; permission: CatalogRow; editable: boolean };

function PermissionRow({ organizationId, permission, editable }: RowProps) {
  return (
    <TableRow>
      <TableCell className="py-3 pl-4 whitespace-normal">
        <div className="flex flex-wrap items-center gap-2">
          <code className="font-mono text-sm font-medium">{permission.name}</code>
          {permission.builtIn ? <Badge variant="secondary">Built-in</Badge> : null}
        </div>
        {/* On narrow screens the description column is hidden: show it under the name. */}
        <p className="mt-1 text-sm text-muted-foreground md:hidden">
          {permission.description || "No description"}
        </p>
      </TableCell>
      <TableCell className="hidden max-w-md py-3 whitespace-normal text-muted-foreground md:table-cell">
        {permission.description || <span className="italic">No description</span>}
      </TableCell>
      <TableCell className={editable ? "text-right tabular-nums" : "pr-4 text-right tabular-nums"}>
        {permission.liveKeys}
      </TableCell>
      {editable ? (
        <TableCell className="pr-4">
          <div className="flex justify-end gap-1">
            <EditPermissionDialog organizationId={organizationId} permission={permission} />
            <RemovePermissionDialog organizationId={organizationId} permission={permission} />
          </div>
        </TableCell>
      ) : null}
    </TableRow>
  );
}
