import type { ReactNode } from "react";
import { Lock } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { KeyPolicy } from "@/lib/keys/policy";
import { KeyPolicyForm } from "./key-policy-form";
import { CUSTOM_SECRETS_RULE, RETRIEVABLE_SECRETS_RULE } from "./policy-copy";

type Props = { organizationId: string; policy: KeyPolicy; editable: boolean };

export function KeyPolicyCard({ organizationId, policy, editable }: Props) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Key policy</CardTitle>
        <CardDescription>
          Applies when keys are created, edited and rolled. Existing keys keep their expiry.
        </CardDescription>
      </CardHeader>
      {editable ? (
        <KeyPolicyForm organizationId={organizationId} policy={policy} />
      ) : (
        <KeyPolicySummary policy={policy} />
      )}
    </Card>
  );
}

function days(count: number): string {
  return count === 1 ? "1 day" : `${count} days`;
}

/** What members who may not change the policy see. */
function KeyPolicySummary({ policy }: { policy: KeyPolicy }) {
  return (
    <CardContent className="grid gap-6">
      <dl className="grid gap-4 sm:grid-cols-3">
        <Value term="Default lifetime">{days(policy.defaultLifetimeDays)}</Value>
        <Value term="Minimum lifetime">{days(policy.minLifetimeDays)}</Value>
        <Value term="Maximum lifetime">{days(policy.maxLifetimeDays)}</Value>
        <Value term="Expiry warnings">
          {policy.expiryWarningDays.map((d) => days(d)).join(", ")} before expiry
        </Value>
        <Value term="Leaked secrets">
          {policy.leakResponse === "revoke" ? "Key revoked" : "Key disabled"}
        </Value>
      </dl>
      <dl className="grid gap-4 border-t pt-6">
        <Setting
          term="Custom secret values"
          on={policy.allowCustomSecrets}
          description={CUSTOM_SECRETS_RULE}
        />
        <Setting
          term="Retrievable secrets"
          on={policy.retrievableSecrets}
          description={RETRIEVABLE_SECRETS_RULE}
        />
      </dl>
      <p className="flex items-center gap-2 text-sm text-muted-foreground">
        <Lock className="size-3.5" aria-hidden /> Only owners can change the key policy.
      </p>
    </CardContent>
  );
}

function Value({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border bg-muted/30 px-4 py-3">
      <dt className="text-sm text-muted-foreground">{term}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

function Setting({ term, on, description }: { term: string; on: boolean; description: string }) {
  return (
    <div className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1">
      <dt className="text-sm font-medium">{term}</dt>
      <dd className="col-start-2 row-span-2 row-start-1">
        <Badge variant={on ? "success" : "outline"}>{on ? "On" : "Off"}</Badge>
      </dd>
      <dd className="text-sm text-muted-foreground">{description}</dd>
    </div>
  );
}
