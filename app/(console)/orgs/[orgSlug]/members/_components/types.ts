import type { OrgRole, SystemRole } from "@/lib/auth/permissions";

/** A member as the members page's client components receive it (dates already formatted). */
export type MemberView = {
  userId: string;
  name: string;
  email: string;
  role: OrgRole;
  pending: boolean;
  twoFactor: boolean;
  since: string;
  systems: { id: string; name: string; role: SystemRole }[];
  /** 100 wrong authenticator codes in a row: only an owner (or a recovery code) unlocks. */
  twoFactorLocked: boolean;
};
