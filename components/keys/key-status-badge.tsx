import { Badge } from "@/components/ui/badge";

type Props = { status: "active" | "disabled" | "revoked" | "expired"; expiringSoon?: boolean };

/** One badge per key state; "expiring soon" is flagged next to an active key. */
export function KeyStatusBadge({ status, expiringSoon }: Props) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {status === "active" ? <Badge variant="success">Active</Badge> : null}
      {status === "disabled" ? <Badge variant="secondary">Disabled</Badge> : null}
      {status === "revoked" ? <Badge variant="destructive">Revoked</Badge> : null}
      {status === "expired" ? <Badge variant="outline">Expired</Badge> : null}
      {status === "active" && expiringSoon ? <Badge variant="warning">Expiring soon</Badge> : null}
    </span>
  );
}
