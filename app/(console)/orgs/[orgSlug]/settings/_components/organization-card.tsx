import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ROLE_LABELS, type OrgRole } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/format";

type Props = {
  org: { id: string; name: string; slug: string; createdAt: Date | null };
  role: OrgRole;
};

export function OrganizationCard({ org, role }: Props) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Organization</CardTitle>
        <CardDescription>How this organization is named and addressed.</CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-x-6 gap-y-5 sm:grid-cols-2">
          <Detail term="Name">
            <span className="font-medium">{org.name}</span>
          </Detail>
          <Detail term="Your role">
            <Badge variant="secondary">{ROLE_LABELS[role]}</Badge>
          </Detail>
          <Detail term="URL">
            <span className="font-mono text-sm">/orgs/{org.slug}</span>
          </Detail>
          <Detail term="Organization ID">
            <span className="flex items-center gap-1">
              <span className="truncate font-mono text-sm">{org.id}</span>
              <CopyButton value={org.id} label="Copy organization ID" copiedLabel="Organization ID copied" />
            </span>
          </Detail>
          {org.createdAt ? (
            <Detail term="Created">
              <time dateTime={org.createdAt.toISOString()}>{formatDate(org.createdAt)}</time>
            </Detail>
          ) : null}
        </dl>
      </CardContent>
    </Card>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 content-start gap-1">
      <dt className="text-sm text-muted-foreground">{term}</dt>
      <dd className="flex min-h-8 min-w-0 items-center text-sm">{children}</dd>
    </div>
  );
}
