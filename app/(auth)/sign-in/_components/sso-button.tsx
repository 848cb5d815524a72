"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

// "Sign in with <name>" (README, "Single sign-on"): Auth.js's client starts the OIDC sign-in
// through /api/auth, the same routes that receive the provider's answer (lib/auth/auth.ts), so
// both see one base URL.
export function SsoButton({
  providerId,
  name,
  callbackUrl,
}: {
  providerId: string;
  name: string;
  callbackUrl: string;
}) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      variant="outline"
      className="w-full"
      loading={pending}
      onClick={() => {
        setPending(true);
        void signIn(providerId, { redirectTo: callbackUrl }).catch(() => setPending(false));
      }}
    >
      Sign in with {name}
    </Button>
  );
}
