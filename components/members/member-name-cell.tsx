import { Badge } from "@/components/ui/badge";
import { TableCell } from "@/components/ui/table";

type Member = { userId: string; name: string; email: string; pending?: boolean };

/** A member's name, marked "You" and "Pending" where so, over their email: the member tables' first cell. */
export function MemberNameCell({
  member,
  currentUserId,
}: {
  member: Member & { twoFactorLocked?: boolean };
  currentUserId: string;
}) {
  return (
    <TableCell>
      <div className="flex flex-wrap items-center gap-2 font-medium">
        {member.name}
        {member.userId === currentUserId ? <Badge variant="outline">You</Badge> : null}
        {member.pending ? (
          <Badge variant="warning" title="Has not set a password yet">
            Pending
          </Badge>
        ) : null}
        {member.twoFactorLocked ? (
          <Badge variant="destructive" title="100 wrong authenticator codes in a row">
            Two-factor locked
          </Badge>
        ) : null}
      </div>
      <div className="text-sm text-muted-foreground">{member.email}</div>
    </TableCell>
  );
}

/** A member's role as a badge cell; the role that manages (owner, system admin) stands out. */
export function RoleBadgeCell({ label, manages }: { label: string; manages: boolean }) {
  return (
    <TableCell>
      <Badge variant={manages ? "default" : "secondary"}>{label}</Badge>
    </TableCell>
  );
}
