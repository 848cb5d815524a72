import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { landingOrganizationSlug } from "@/lib/orgs/active-organization";
import { needsSetup } from "@/lib/orgs/setup";

// The front door: first run → set-up; signed out → sign-in; otherwise the remembered organization.
export default async function HomePage() {
  if (await needsSetup()) redirect("/setup");
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const slug = await landingOrganizationSlug(user);
  redirect(slug ? `/orgs/${slug}` : "/orgs/new");
}
