import Link from "next/link";
import { ArrowRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** Owners and admins: how many endpoints there are, and the way to the webhooks page. */
export function WebhooksCard({ orgSlug, count }: { orgSlug: string; count: number }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Webhooks</CardTitle>
        <CardDescription>
          {count === 0
            ? "No endpoints yet. Tell other systems when keys are created, rolled, disabled or revoked."
            : `${count} ${count === 1 ? "endpoint receives" : "endpoints receive"} this organization's signed key events.`}
        </CardDescription>
        <CardAction>
          <Button asChild variant="outline" size="sm">
            <Link href={`/orgs/${orgSlug}/settings/webhooks`}>
              Manage webhooks <ArrowRight aria-hidden />
            </Link>
          </Button>
        </CardAction>
      </CardHeader>
    </Card>
  );
}
