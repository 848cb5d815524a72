import type { ReactNode } from "react";
import { KeySquare } from "lucide-react";

/** A page of its own, outside the console's shell: the Keyplane name over one centred panel. */
export function BrandedScreen({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-muted/40 px-4 py-12">
      <div className="mb-8 flex items-center gap-2 text-lg font-semibold tracking-tight">
        <KeySquare className="size-6 text-primary" aria-hidden />
        Keyplane
      </div>
      {children}
    </div>
  );
}
