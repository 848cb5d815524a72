import type { ReactNode } from "react";
import { KeyRound, ShieldCheck, Smartphone, type LucideIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDateTime, formatRelative } from "@/lib/format";
import { EnrolTotpDialog } from "./enrol-totp-dialog";
import { RECOVERY_CODE_COUNT } from "@/lib/auth/recovery-codes";
import { RegenerateRecoveryCodesDialog } from "./regenerate-recovery-codes-dialog";
import { RemoveTotpDialog } from "./remove-totp-dialog";

type Props = { email: string; enabledAt: Date | null; returnTo: string | null; recoveryCodesLeft: number };

export function TwoFactorCard({ email, enabledAt, returnTo, recoveryCodesLeft }: Props) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Two-factor authentication</CardTitle>
        <CardDescription>
          A code from an authenticator app is asked for when you sign in, and confirms rolling, regenerating,
          revoking and deleting keys, and viewing stored secrets.
        </CardDescription>
        <CardAction>
          {enabledAt ? (
            <Badge variant="success">
              <ShieldCheck aria-hidden /> Enabled
            </Badge>
          ) : (
            <Badge variant="outline">Not set up</Badge>
          )}
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4">
        <FactorRow
          icon={Smartphone}
          title="Authenticator app"
          action={enabledAt ? <RemoveTotpDialog /> : <EnrolTotpDialog email={email} returnTo={returnTo} />}
        >
          {enabledAt ? (
            <p className="text-sm text-muted-foreground">
              Enabled since{" "}
              <time dateTime={enabledAt.toISOString()} title={formatDateTime(enabledAt)}>
                {formatDateTime(enabledAt)}
              </time>{" "}
              ({formatRelative(enabledAt)}).
            </p>
          ) : (
            <p className="text-sm text-muted-foreground">
              Use 1Password, Google Authenticator, Microsoft Authenticator or any app that shows 6-digit
              time-based codes.
            </p>
          )}
        </FactorRow>
        {enabledAt ? <RecoveryCodesRow email={email} left={recoveryCodesLeft} /> : null}
      </CardContent>
    </Card>
  );
}

function RecoveryCodesRow({ email, left }: { email: string; left: number }) {
  return (
    <FactorRow
      icon={KeyRound}
      title="Recovery codes"
      action={<RegenerateRecoveryCodesDialog email={email} />}
    >
      <p className="text-sm text-muted-foreground" data-testid="recovery-codes-left">
        {left} of {RECOVERY_CODE_COUNT} unused. Each one signs you in once, or removes the authenticator, when
        your phone is not at hand.
        {left <= 3 ? " Make new ones before they run out." : ""}
      </p>
    </FactorRow>
  );
}

/** One way to sign in as a row of the card: its icon, name and state, and what can be done with it. */
function FactorRow({
  icon: Icon,
  title,
  action,
  children,
}: {
  icon: LucideIcon;
  title: string;
  action: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-4 rounded-lg border bg-muted/30 p-4 sm:flex-row sm:items-center">
      <div className="flex size-10 shrink-0 items-center justify-center rounded-full bg-background text-muted-foreground ring-1 ring-border">
        <Icon className="size-5" aria-hidden />
      </div>
      <div className="min-w-0 flex-1 space-y-1">
        <p className="text-sm font-medium">{title}</p>
        {children}
      </div>
      <div className="shrink-0">{action}</div>
    </div>
  );
}
