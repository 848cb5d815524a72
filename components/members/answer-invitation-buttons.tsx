"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { answerInvitationAction } from "@/lib/members/actions";

/** Accept / Decline for the signed-in invitee (the invite link's page and the account page). */
export function AnswerInvitationButtons({ invitationId }: { invitationId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [answer, setAnswer] = useState<boolean | null>(null);
  const respond = (accept: boolean) => {
    setAnswer(accept);
    startTransition(async () => {
      const result = await answerInvitationAction({ invitationId, accept });
      if (!result.ok) {
        toast.error(result.message);
        router.refresh();
        return;
      }
      if (result.data.accepted) {
        toast.success("Invitation accepted");
        router.replace(`/orgs/${result.data.organizationSlug}`);
      } else toast.success("Invitation declined");
      router.refresh();
    });
  };
  return (
    <div className="flex gap-2">
      <Button onClick={() => respond(true)} loading={pending && answer === true} disabled={pending}>
        Accept
      </Button>
      <Button
        variant="outline"
        onClick={() => respond(false)}
        loading={pending && answer === false}
        disabled={pending}
      >
        Decline
      </Button>
    </div>
  );
}
