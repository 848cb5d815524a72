"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { disableKeyAction, enableKeyAction } from "@/lib/keys/actions";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { ImpactPreview } from "./key-impact";

type Target = { id: string; label: string; version: number; to: "disable" | "enable" };

/** Disable stops every secret of the key at once; enable resumes them. Nothing is lost. */
export function SetStateDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const disable = target.to === "disable";

  function confirm() {
    startTransition(async () => {
      const action = disable ? disableKeyAction : enableKeyAction;
      const result = await action({ keyId: target.id, expectedVersion: target.version });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(`${target.label} ${disable ? "disabled" : "enabled"}`);
      onClose();
      router.refresh();
    });
  }

  return (
    <ConfirmDialog
      title={`${disable ? "Disable" : "Enable"} ${target.label}?`}
      description={
        disable
          ? "All of its secrets stop working at once. Nothing is lost: you can enable the key again."
          : "All of its secrets work again (within their expiry and grace periods)."
      }
      confirmLabel={disable ? "Disable key" : "Enable key"}
      destructive={disable}
      pending={pending}
      onConfirm={confirm}
      onClose={onClose}
    >
      {disable ? <ImpactPreview keyId={target.id} /> : null}
    </ConfirmDialog>
  );
}
