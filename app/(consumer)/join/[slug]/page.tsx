import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Alert, BrandScope, Card, CardContent, Money, PageHeader, buttonVariants } from "@/components/ui";
import { PayButton } from "@/components/consumer/join/pay-button";
import { requireUser } from "@/lib/auth/session";
import { getMembershipOffer } from "@/lib/memberships/get-membership-offer";
import { startMembershipCheckoutAction } from "./actions";

export const metadata: Metadata = { title: "Join" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const PER = { MONTH: "month", YEAR: "year" } as const;

export default async function JoinPaidProgramPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const user = await requireUser(`/join/${encodeURIComponent(slug)}`);
  const offer = await getMembershipOffer(slug, user.id);
  if (!offer) notFound();
  // Free programs are joined from their page; this one is for memberships that are paid for.
  if (!offer.price) redirect(`/p/${offer.slug}`);
  const canceled = (await searchParams).checkout === "canceled";
  const status = offer.member?.status;

  return (
    <BrandScope color={offer.brandColor} className="space-y-6">
      <PageHeader title={`Join ${offer.name}`} description={`A paid membership of ${offer.providerName}: cashback on every purchase while it is active.`} />
      {canceled ? <Alert variant="warning" title="Payment not completed">Nothing was charged. You can try again whenever you like.</Alert> : null}
      {status === "SUSPENDED" ? (
        <Alert variant="warning" title="Your membership is suspended">
          The last payment did not go through or the subscription ended, so purchases earn no cashback. Pay again to resume.
        </Alert>
      ) : null}
      <Card>
        <CardContent className="space-y-5 p-5">
          <div>
            <p className="text-sm text-muted-foreground">Membership</p>
            <p className="text-3xl font-semibold" data-testid="membership-price">
              <Money amountMinor={offer.price.amountMinor} currency={offer.currency} />
              <span className="text-base font-normal text-muted-foreground"> / {PER[offer.price.interval]}</span>
            </p>
            <p className="mt-2 text-sm text-muted-foreground">Billed by Stripe every {PER[offer.price.interval]} until you cancel.</p>
          </div>
          {status === "ACTIVE" ? (
            <Link href="/wallet" className={buttonVariants({ size: "lg", className: "w-full" })}>
              You&apos;re a member — open wallet
            </Link>
          ) : (
            <PayButton programId={offer.programId} label={status === "SUSPENDED" ? "Pay and resume" : "Continue to payment"} start={startMembershipCheckoutAction} />
          )}
        </CardContent>
      </Card>
    </BrandScope>
  );
}
