"use client";

import { useId } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to read out and type by hand. */
function groupInFours(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/** The TOTP secret as text, for apps that cannot scan; the copy button copies it without spaces. */
export function SetupKey({ secret }: { secret: string }) {
  const labelId = useId();
  return (
    <div className="grid gap-1.5">
      <span id={labelId} className="text-xs font-medium text-muted-foreground">
        Setup key
      </span>
      <div className="flex items-center gap-2 rounded-md border bg-muted/50 py-1.5 pr-1.5 pl-3">
        <code
          aria-labelledby={labelId}
          className="min-w-0 flex-1 font-mono text-sm font-medium tracking-wider break-words select-all"
        >
          {groupInFours(secret)}
        </code>
        <CopyButton value={secret} label="Copy setup key" copiedLabel="Setup key copied" />
      </div>
    </div>
  );
}
