import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CheckCircle2 } from "lucide-react";
import { Alert, BrandScope, Card, CardContent, PageHeader, buttonVariants } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { confirmMembershipCheckout } from "@/lib/memberships/confirm-membership-checkout";

export const metadata: Metadata = { title: "Membership" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CheckoutReturnPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const sessionId = (await searchParams).session_id;
  const user = await requireUser(`/join/${encodeURIComponent(slug)}`);
  if (typeof sessionId !== "string" || !/^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId)) redirect(`/join/${encodeURIComponent(slug)}`);

  let landed;
  try {
    landed = await confirmMembershipCheckout(db, { userId: user.id, sessionId });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return (
      <div className="space-y-4">
        <PageHeader title="Payment not found" />
        <Alert variant="danger" title="We could not find this payment">{error.message}</Alert>
        <Link href={`/join/${encodeURIComponent(slug)}`} className={buttonVariants({ variant: "outline" })}>
          Back to the membership
        </Link>
      </div>
    );
  }

  return (
    <BrandScope color={landed.program.brandColor} className="space-y-6">
      {landed.status === "ACTIVE" ? (
        <>
          <PageHeader title="Welcome aboard!" description={`Your ${landed.program.name} membership is active.`} />
          <Card>
            <CardContent className="space-y-4 p-5">
              <p className="flex items-center gap-2 font-medium" data-testid="membership-status">
                <CheckCircle2 aria-hidden className="size-5 text-success" /> Membership active
              </p>
              <div>
                <p className="text-xs uppercase tracking-wide text-subtle-foreground">Card code</p>
                <p className="font-mono text-lg font-semibold tracking-wider text-brand-emphasis" data-testid="member-code">
                  {landed.code}
                </p>
              </div>
              <Link href="/wallet" className={buttonVariants({ size: "lg", className: "w-full" })}>
                Open my wallet
              </Link>
            </CardContent>
          </Card>
        </>
      ) : landed.checkout === "complete" || landed.status === "PENDING_PAYMENT" ? (
        <>
          <PageHeader title="Confirming your payment" description="Stripe is still confirming it; this usually takes a few seconds." />
          <Alert variant="info" title="Payment pending" data-testid="membership-status">
            Your membership starts as soon as the payment is confirmed. Reload this page in a moment.
          </Alert>
          <Link href={`/join/${encodeURIComponent(slug)}/return?session_id=${encodeURIComponent(sessionId)}`} className={buttonVariants({ variant: "outline" })}>
            Check again
          </Link>
        </>
      ) : (
        <>
          <PageHeader title="Membership suspended" />
          <Alert variant="warning" title="Not active" data-testid="membership-status">
            This subscription is not active any more, so purchases earn no cashback.
          </Alert>
          <Link href={`/join/${encodeURIComponent(slug)}`} className={buttonVariants({})}>
            Pay again
          </Link>
        </>
      )}
    </BrandScope>
  );
}
