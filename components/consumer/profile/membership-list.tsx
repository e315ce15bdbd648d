"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Money, buttonVariants } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { formatDay } from "@/components/consumer/wallet/format-date";
import type { MembershipView } from "./types";

const STATUS: Record<MembershipView["status"], { label: string; variant: "success" | "neutral" | "warning" | "danger" }> = {
  ACTIVE: { label: "Member", variant: "success" },
  PENDING_PAYMENT: { label: "Payment due", variant: "warning" },
  SUSPENDED: { label: "Suspended", variant: "danger" },
  LEFT: { label: "Left", variant: "neutral" },
};

/** What leaving does to the money in the program, said before the member confirms. */
function LeaveConsequences({ m }: { m: MembershipView }) {
  const available = BigInt(m.available);
  const pending = BigInt(m.pending);
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm">
      <li>
        Your available cashback (<Money amountMinor={available} currency={m.currency} className="font-medium" />) stays yours: you still see it here and can use it as before.
      </li>
      <li>
        Pending cashback (<Money amountMinor={pending} currency={m.currency} className="font-medium" />) still becomes available when its hold period ends; receipts you already sent are still reviewed.
      </li>
      <li>New purchases at {m.programName} no longer earn cashback.</li>
      {m.paying ? (
        <li>
          <strong>Your paid membership is cancelled now</strong>: you will not be charged again. The current period is not refunded.
        </li>
      ) : null}
      <li>You can join again at any time from this page, with the same card{m.paid ? " (a paid membership starts again with a new payment)" : ""}.</li>
    </ul>
  );
}

type MembershipAction<T> = (input: { memberId: string }) => Promise<ActionResult<T>>;
type RenewalAction = (input: { memberId: string; renew: boolean }) => Promise<ActionResult<{ periodEnd: string; endsAtPeriodEnd: boolean }>>;

export function MembershipList({
  memberships,
  leave,
  rejoin: rejoinAction,
  setRenewal,
}: {
  memberships: MembershipView[];
  leave: MembershipAction<{ programName: string }>;
  rejoin: MembershipAction<unknown>;
  setRenewal: RenewalAction;
}) {
  const router = useRouter();
  const [leaving, setLeaving] = useState<MembershipView | null>(null);
  const [rejoining, setRejoining] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<MembershipView | null>(null);
  const [resuming, setResuming] = useState<string | null>(null);

  async function resume(m: MembershipView) {
    setResuming(m.memberId);
    const result = await setRenewal({ memberId: m.memberId, renew: true });
    setResuming(null);
    if (!result.ok) return void toast.error(result.error.message);
    toast.success(`Your ${m.programName} membership renews on ${formatDay(result.data.periodEnd)}`);
    router.refresh();
  }

  async function rejoin(m: MembershipView) {
    setRejoining(m.memberId);
    const result = await rejoinAction({ memberId: m.memberId });
    setRejoining(null);
    if (!result.ok) return void toast.error(result.error.message);
    toast.success(`Welcome back to ${m.programName}`);
    router.refresh();
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Programs</CardTitle>
        <CardDescription>The programs you joined.</CardDescription>
      </CardHeader>
      <CardContent className="p-5 sm:p-6">
        {memberships.length === 0 ? (
          <p className="text-sm text-muted-foreground">You have not joined a program yet.</p>
        ) : (
          <ul className="divide-y divide-border">
            {memberships.map((m) => (
              <li key={m.memberId} className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0" data-testid="membership">
                <div className="min-w-0">
                  <p className="flex items-center gap-2 font-medium">
                    {m.programName} <Badge variant={STATUS[m.status].variant}>{STATUS[m.status].label}</Badge>
                  </p>
                  <p className="text-sm text-muted-foreground">
                    <Money amountMinor={BigInt(m.available)} currency={m.currency} /> available · <Money amountMinor={BigInt(m.pending)} currency={m.currency} /> pending
                  </p>
                  {m.renewal ? (
                    <p className="text-sm" data-testid="renewal">
                      {m.renewal.endsAtPeriodEnd ? `Ends on ${formatDay(m.renewal.periodEnd)}` : `Renews on ${formatDay(m.renewal.periodEnd)}`}
                    </p>
                  ) : null}
                </div>
                {m.status === "ACTIVE" || (m.paid && m.status !== "LEFT") ? (
                  <div className="flex flex-wrap gap-2">
                    {m.renewal && !m.renewal.endsAtPeriodEnd ? (
                      <Button size="sm" variant="outline" onClick={() => setCancelling(m)}>
                        Cancel membership
                      </Button>
                    ) : m.renewal?.endsAtPeriodEnd ? (
                      <Button size="sm" variant="outline" loading={resuming === m.memberId} onClick={() => resume(m)}>
                        Keep membership
                      </Button>
                    ) : null}
                    <Button size="sm" variant="outline" onClick={() => setLeaving(m)}>
                      Leave program
                    </Button>
                  </div>
                ) : m.status === "LEFT" && m.paid ? (
                  // A paid membership starts again with a payment, on the program's join page.
                  <Link href={`/join/${m.programSlug}`} className={buttonVariants({ size: "sm", variant: "outline" })}>
                    Join again
                  </Link>
                ) : m.status === "LEFT" ? (
                  <Button size="sm" variant="outline" loading={rejoining === m.memberId} onClick={() => rejoin(m)}>
                    Join again
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <ConfirmDialog
        open={leaving !== null}
        onOpenChange={(open) => {
          if (!open) setLeaving(null);
        }}
        title={leaving ? `Leave ${leaving.programName}?` : "Leave the program?"}
        description="Here is what happens to your cashback in this program:"
        confirmLabel="Leave program"
        destructive
        onConfirm={async () => {
          if (!leaving) return;
          const result = await leave({ memberId: leaving.memberId });
          if (!result.ok) throw new Error(result.error.message);
          toast.success(`You left ${result.data.programName}`);
          router.refresh();
        }}
      >
        {leaving ? <LeaveConsequences m={leaving} /> : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={cancelling !== null}
        onOpenChange={(open) => {
          if (!open) setCancelling(null);
        }}
        title={cancelling ? `Cancel your ${cancelling.programName} membership?` : "Cancel the membership?"}
        description="It stops at the end of the period you already paid for."
        confirmLabel="Cancel membership"
        cancelLabel="Keep it"
        destructive
        onConfirm={async () => {
          if (!cancelling) return;
          const result = await setRenewal({ memberId: cancelling.memberId, renew: false });
          if (!result.ok) throw new Error(result.error.message);
          toast.success(`Your membership ends on ${formatDay(result.data.periodEnd)}`);
          router.refresh();
        }}
      >
        {cancelling?.renewal ? (
          <ul className="list-disc space-y-1 pl-5 text-sm">
            <li>
              You stay a member until <strong>{formatDay(cancelling.renewal.periodEnd)}</strong>: purchases earn cashback until then.
            </li>
            <li>You will not be charged again.</li>
            <li>Your cashback stays yours, and you can change your mind here until that day.</li>
          </ul>
        ) : null}
      </ConfirmDialog>
    </Card>
  );
}
