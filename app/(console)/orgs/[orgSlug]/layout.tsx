import type { ReactNode } from "react";
import { StepUpProvider } from "@/components/auth/step-up";
import { CommandPalette } from "@/components/shell/command-palette";
import { OrgSwitcher } from "@/components/shell/org-switcher";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { UserMenu } from "@/components/shell/user-menu";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { getOrgPageContext, rememberOrganization } from "@/lib/orgs/active-organization";
import { listUserOrganizations } from "@/lib/orgs/organizations";
import { listVisibleSystemNames } from "@/lib/systems/queries";

export default async function OrgLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ orgSlug: string }>;
}) {
  const { orgSlug } = await params;
  const { user, org, role } = await getOrgPageContext(orgSlug);
  const [organizations, systems] = await Promise.all([
    listUserOrganizations(user.id),
    listVisibleSystemNames(org.id, user.id, role),
  ]);
  await rememberOrganization(user, org.id);

  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-60 shrink-0 border-r bg-sidebar md:block">
        <SidebarNav orgSlug={org.slug} role={role} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b bg-background/95 px-4 backdrop-blur md:px-6">
          <OrgSwitcher current={{ ...org, role }} organizations={organizations} />
          <div className="ml-auto flex items-center gap-1">
            <CommandPalette orgSlug={org.slug} role={role} systems={systems} />
            <ThemeToggle />
            <UserMenu name={user.name} email={user.email} />
          </div>
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 md:px-8 md:py-8">
          <StepUpProvider totpEnabled={user.totpEnabled} passkeyEnabled={user.passkeyEnabled}>
            {children}
          </StepUpProvider>
        </main>
      </div>
    </div>
  );
}
