import type { ReactNode } from "react";
import { BrandedScreen } from "@/components/shell/branded-screen";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <BrandedScreen>
      <main className="w-full max-w-md">{children}</main>
    </BrandedScreen>
  );
}
