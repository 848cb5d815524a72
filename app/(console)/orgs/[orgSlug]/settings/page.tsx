import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/lib/db";
import { getOrgPageContext } from "@/lib/orgs/active-organization";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { org } = await getOrgPageContext(orgSlug);
  const policy = await getDb().keyPolicy.findUnique({ where: { organizationId: org.id } });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Settings"
        description="Organization details and the key policy every key must follow."
      />
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Key policy</CardTitle>
          <CardDescription>Expiry bounds applied when keys are created, edited and rolled.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-4 sm:grid-cols-3">
            <div>
              <dt className="text-sm text-muted-foreground">Default lifetime</dt>
              <dd className="text-lg font-medium">{policy?.defaultLifetimeDays ?? 365} days</dd>
            </div>
            <div>
              <dt className="text-sm text-muted-foreground">Minimum</dt>
              <dd className="text-lg font-medium">{policy?.minLifetimeDays ?? 1} days</dd>
            </div>
            <div>
              <dt className="text-sm text-muted-foreground">Maximum</dt>
              <dd className="text-lg font-medium">{policy?.maxLifetimeDays ?? 730} days</dd>
            </div>
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}
