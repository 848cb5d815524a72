import Link from "next/link";
import { Activity, AlertTriangle, ArrowRight, Boxes, KeyRound, ShieldAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { UsageChart } from "@/components/usage/usage-chart";
import { can } from "@/lib/auth/permissions";
import { auditActionLabel } from "@/lib/audit/action-names";
import { formatDate, formatRelative } from "@/lib/format";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { getOrgOverview } from "@/lib/orgs/overview";

export const metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, org, role } = await getOrgPageContext(orgSlug);
  const roles = { orgRole: role };
  const showKeys = can(roles, "org-keys:read");
  const showAudit = can(roles, "audit:read");
  const overview = await getOrgOverview(
    org.id,
    { userId: user.id, role },
    { includeKeys: showKeys, includeAudit: showAudit },
  );
  const base = `/orgs/${org.slug}`;
  // The policy's expiry warnings, largest first: the first is the "expiring soon" window.
  const soon = overview.expiring[0];
  const withinDays = (days: number) => (days === 1 ? "1 day" : `${days} days`);

  const stats = [
    { label: "Systems", value: overview.systems, icon: Boxes, href: `${base}/systems` },
    ...(showKeys
      ? [
          { label: "Active keys", value: overview.activeKeys, icon: KeyRound, href: `${base}/keys` },
          { label: "Organization keys", value: overview.orgKeys, icon: KeyRound, href: `${base}/keys` },
          ...(soon
            ? [
                {
                  label: `Expiring within ${withinDays(soon.withinDays)}`,
                  value: soon.count,
                  icon: AlertTriangle,
                  href: `${base}/keys?expiresWithin=${soon.withinDays}`,
                },
              ]
            : []),
        ]
      : []),
  ];

  return (
    <div className="space-y-8">
      <PageHeader title={org.name} description="Your organization at a glance." />
      {!org.requireTwoFactor && can(roles, "org:update") ? (
        <RequireTwoFactorCard settings={`${base}/settings`} />
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {stats.map((stat) => (
          <Link
            key={stat.label}
            href={stat.href}
            className="rounded-xl focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <Card className="h-full transition-colors hover:bg-accent/40">
              <CardHeader className="flex flex-row items-center justify-between space-y-0 pb-2">
                <CardDescription>{stat.label}</CardDescription>
                <stat.icon className="size-4 text-muted-foreground" aria-hidden />
              </CardHeader>
              <CardContent>
                <div className="text-3xl font-semibold tabular-nums">{stat.value}</div>
              </CardContent>
            </Card>
          </Link>
        ))}
      </div>

      {overview.usage ? (
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Verifications</CardTitle>
            <CardDescription>
              What data planes asked about this organization&apos;s keys, per day.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <UsageChart usage={overview.usage} label="Verifications of the organization's keys" />
          </CardContent>
        </Card>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        {showKeys ? (
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Keys expiring soon</CardTitle>
              <CardDescription>
                Active organization and system keys, at the key policy&apos;s expiry warnings.
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <dl aria-label="Keys expiring, by warning" className="flex flex-wrap gap-2">
                {[...overview.expiring].reverse().map((bucket) => (
                  <div
                    key={bucket.withinDays}
                    className="flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm"
                  >
                    <dt className="text-muted-foreground">Within {withinDays(bucket.withinDays)}</dt>
                    <dd className="font-semibold tabular-nums">{bucket.count}</dd>
                  </div>
                ))}
              </dl>
              {overview.expiringSoon.length === 0 ? (
                <EmptyState
                  icon={KeyRound}
                  title="Nothing expires soon"
                  description={`No active key expires in the next ${withinDays(soon?.withinDays ?? 14)}.`}
                />
              ) : (
                <ul className="divide-y">
                  {overview.expiringSoon.map((key) => (
                    <li key={key.id}>
                      <Link
                        href={`${key.system ? `${base}/systems/${key.system.id}` : `${base}/keys`}?key=${key.id}`}
                        className="flex items-center justify-between gap-3 rounded-md px-2 py-2 text-sm transition-colors hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                      >
                        <span className="min-w-0 truncate">
                          <span className="font-medium">{key.label}</span>
                          <span className="text-muted-foreground">
                            {" "}
                            · {key.system ? key.system.name : "Organization key"}
                          </span>
                        </span>
                        <Badge variant="warning">{formatDate(key.expiresAt)}</Badge>
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        ) : null}
        {showAudit ? (
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Recent activity</CardTitle>
              <CardDescription>The latest entries of the audit log.</CardDescription>
            </CardHeader>
            <CardContent>
              {overview.recentActivity.length === 0 ? (
                <EmptyState
                  icon={Activity}
                  title="No activity yet"
                  description="Changes to systems and keys appear here."
                />
              ) : (
                <ul className="divide-y">
                  {overview.recentActivity.map((entry) => (
                    <li key={entry.id} className="flex items-center justify-between gap-4 py-2 text-sm">
                      <span className="min-w-0 truncate">
                        <span className="font-medium">{auditActionLabel(entry.action)}</span>
                        {entry.targetLabel ? (
                          <span className="text-muted-foreground"> · {entry.targetLabel}</span>
                        ) : null}
                        <span className="text-muted-foreground"> by {entry.actorLabel}</span>
                      </span>
                      <time
                        className="shrink-0 text-xs text-muted-foreground"
                        dateTime={entry.createdAt.toISOString()}
                      >
                        {formatRelative(entry.createdAt)}
                      </time>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        ) : null}
      </div>
    </div>
  );
}

/**
 * Two-factor is off by default so that a first key takes minutes; until an owner turns it on,
 * the overview asks them to (README, "Security model").
 */
function RequireTwoFactorCard({ settings }: { settings: string }) {
  return (
    <Card className="border-warning/50" aria-labelledby="require-two-factor-title">
      <CardHeader className="flex flex-col gap-4 sm:flex-row sm:items-center">
        <ShieldAlert className="size-6 shrink-0 text-warning" aria-hidden />
        <div className="grid flex-1 gap-1.5">
          <CardTitle className="text-base" id="require-two-factor-title">
            Require two-factor for owners and admins
          </CardTitle>
          <CardDescription>
            Owners and admins can roll, revoke and create keys. Today they may sign in with a password alone
            if they never set up an authenticator app. Turn on the requirement so that each of them must.
          </CardDescription>
        </div>
        <Button asChild>
          <Link href={settings}>
            Review in Settings <ArrowRight aria-hidden />
          </Link>
        </Button>
      </CardHeader>
    </Card>
  );
}
