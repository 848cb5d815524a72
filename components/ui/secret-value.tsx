"use client";

import { useId } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/** A secret (a key's secret, a one-time link) shown once, with its label and a copy button. */
export function SecretValue(props: { label: string; value: string; copyLabel: string; testId: string }) {
  const id = useId();
  return (
    <div className="grid gap-1.5" data-slot="secret-value">
      <span className="text-sm font-medium" id={id}>
        {props.label}
      </span>
      <div className="flex items-center gap-2 rounded-md border bg-muted/50 p-2">
        <code
          className="min-w-0 flex-1 break-all font-mono text-sm"
          aria-labelledby={id}
          data-testid={props.testId}
        >
          {props.value}
        </code>
        <CopyButton value={props.value} label={props.copyLabel} />
      </div>
    </div>
  );
}
