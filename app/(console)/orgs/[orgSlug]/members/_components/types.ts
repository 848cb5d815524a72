import type { MemberRow } from "@/lib/members/queries";

/** A member as the members page's client components receive it (dates already formatted). */
export type MemberView = Omit<MemberRow, "since"> & {
  since: string;
  /** 100 wrong authenticator codes in a row: only an owner (or a recovery code) unlocks. */
  twoFactorLocked: boolean;
};
