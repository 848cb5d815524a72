"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { disableKeyAction, enableKeyAction } from "@/lib/keys/actions";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";

type Target = { id: string; label: string; version: number; to: "disable" | "enable" };

/** Disable stops every secret of the key at once; enable resumes them. Nothing is lost. */
export function SetStateDialog({ target, onClose }: { target: Target | null; onClose: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function confirm() {
    if (!target || pending) return;
    startTransition(async () => {
      const action = target.to === "disable" ? disableKeyAction : enableKeyAction;
      const result = await action({ keyId: target.id, expectedVersion: target.version });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(`${target.label} ${target.to === "disable" ? "disabled" : "enabled"}`);
      onClose();
      router.refresh();
    });
  }

  return (
    <AlertDialog open={target !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>
            {target?.to === "disable" ? "Disable" : "Enable"} {target?.label}?
          </AlertDialogTitle>
          <AlertDialogDescription>
            {target?.to === "disable"
              ? "All of its secrets stop working at once. Nothing is lost: you can enable the key again."
              : "All of its secrets work again (within their expiry and grace periods)."}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button
            variant={target?.to === "disable" ? "destructive" : "default"}
            loading={pending}
            onClick={confirm}
          >
            {target?.to === "disable" ? "Disable key" : "Enable key"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
