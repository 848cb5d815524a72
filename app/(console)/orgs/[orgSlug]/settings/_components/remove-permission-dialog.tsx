"use client";

import { useState, useTransition } from "react";
import { CircleAlert, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { CatalogPermission } from "@/lib/orgs/catalog";
import { removePermissionAction } from "@/lib/orgs/actions";

type Props = { organizationId: string; permission: CatalogPermission & { liveKeys: number } };

export function RemovePermissionDialog({ organizationId, permission }: Props) {
  const [open, setOpen] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (permission.builtIn) return <BuiltInRemoveButton name={permission.name} />;

  function remove() {
    if (pending) return;
    setRefusal(null);
    startTransition(async () => {
      const result = await removePermissionAction({ organizationId, permissionId: permission.id });
      if (result.ok) {
        setOpen(false);
        toast.success(`Permission ${permission.name} removed`);
        return;
      }
      // Refusals (keys still hold it, it changed meanwhile) are read here, next to the button.
      setRefusal(result.message);
    });
  }

  function changeOpen(next: boolean) {
    setOpen(next);
    setRefusal(null);
  }

  return (
    <Tooltip>
      <ConfirmDialog
        open={open}
        onOpen={() => changeOpen(true)}
        onClose={() => changeOpen(false)}
        trigger={
          <TooltipTrigger asChild>
            <Button
              variant="ghost"
              size="icon-sm"
              className="hover:text-destructive"
              aria-label={`Remove ${permission.name}`}
            >
              <Trash2 aria-hidden />
            </Button>
          </TooltipTrigger>
        }
        title={
          <>
            Remove <code className="font-mono">{permission.name}</code>?
          </>
        }
        description="Keys can no longer be given this permission, and data planes asking for it will be refused. Revoked keys that held it drop it; the audit log still shows what they held."
        confirmLabel="Remove permission"
        destructive
        pending={pending}
        onConfirm={remove}
      >
        {refusal ? (
          <Alert variant="destructive">
            <CircleAlert aria-hidden />
            <AlertTitle>Not removed</AlertTitle>
            <AlertDescription>
              <p>{refusal}</p>
            </AlertDescription>
          </Alert>
        ) : permission.liveKeys > 0 ? (
          <Alert variant="warning">
            <CircleAlert aria-hidden />
            <AlertDescription>
              <p>
                {permission.liveKeys === 1 ? "1 live key holds" : `${permission.liveKeys} live keys hold`}{" "}
                this permission. Remove it from {permission.liveKeys === 1 ? "that key" : "those keys"} first.
              </p>
            </AlertDescription>
          </Alert>
        ) : null}
      </ConfirmDialog>
      <TooltipContent>Remove permission</TooltipContent>
    </Tooltip>
  );
}

/** keys:manage is what the REST API checks; the server refuses to remove it, so the UI does too. */
function BuiltInRemoveButton({ name }: { name: string }) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        {/* A disabled button gets no pointer or focus events: the wrapper carries the tooltip. */}
        <span
          tabIndex={0}
          className="inline-flex rounded-md focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
        >
          <Button
            variant="ghost"
            size="icon-sm"
            disabled
            aria-label={`Remove ${name} (built in, cannot be removed)`}
          >
            <Trash2 aria-hidden />
          </Button>
        </span>
      </TooltipTrigger>
      <TooltipContent>Built in: the REST API relies on {name}, so it cannot be removed.</TooltipContent>
    </Tooltip>
  );
}
