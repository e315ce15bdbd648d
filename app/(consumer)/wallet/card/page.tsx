import type { Metadata } from "next";
import Link from "next/link";
import { QrCode } from "lucide-react";
import { CardSwitcher } from "@/components/consumer/card/card-switcher";
import { LiveCard } from "@/components/consumer/card/live-card";
import { OfflineCard } from "@/components/consumer/card/offline-card";
import { Alert, BrandScope, EmptyState, PageHeader, buttonVariants } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { issueCardCode, listMemberCards } from "@/lib/members/get-member-card";

export const metadata: Metadata = { title: "Card" };

export default async function CardPage({ searchParams }: { searchParams: Promise<{ [key: string]: string | string[] | undefined }> }) {
  const user = await requireUser("/wallet/card");
  const params = await searchParams;
  const wanted = typeof params.program === "string" ? params.program : undefined;
  const cards = await listMemberCards(user.id);
  if (cards.length === 0) {
    return (
      <div className="space-y-6">
        <PageHeader title="Your card" />
        <EmptyState
          icon={<QrCode />}
          title="No card yet"
          description="Join a program and your card appears here, ready to show at the till."
          action={
            <Link className={buttonVariants({})} href="/p/cafe-aurora">
              Discover a program
            </Link>
          }
        />
      </div>
    );
  }
  const card = cards.find((c) => c.memberId === wanted) ?? cards[0]!;
  const code = await issueCardCode(user.id, card.memberId);
  return (
    <div className="space-y-5">
      <PageHeader title="Your card" description="Show it at the till to earn cashback." />
      <OfflineCard />
      <CardSwitcher cards={cards} selected={card.memberId} />
      {wanted && wanted !== card.memberId ? <Alert variant="info">That card was not found; showing your {card.program.name} card.</Alert> : null}
      <BrandScope color={card.program.brandColor}>
        <section aria-label={`${card.program.name} card`} className="overflow-hidden rounded-2xl border border-border bg-surface shadow-md">
          <div className="bg-brand px-5 py-4 text-brand-foreground">
            <p className="text-lg font-semibold">{card.program.name}</p>
            {card.holderName ? <p className="text-sm">{card.holderName}</p> : null}
          </div>
          <div className="space-y-4 p-5">
            <LiveCard initial={{ ...code, expiresAt: code.expiresAt.toISOString() }} />
            <div className="text-center">
              <p className="text-xs tracking-wide text-muted-foreground uppercase">If the QR code will not scan</p>
              <p className="font-mono text-4xl font-bold tracking-[0.15em] text-foreground" data-testid="card-code">
                {card.code}
              </p>
            </div>
            {card.status !== "ACTIVE" ? (
              <Alert variant="warning" title={card.status === "SUSPENDED" ? "Membership suspended" : "Membership not paid yet"}>
                Purchases earn nothing until the membership is active again.
              </Alert>
            ) : null}
            <p className="text-center text-sm text-muted-foreground" data-testid="card-advice">
              Let the cashier scan the QR code. It renews itself every few minutes to keep your card safe, so show it from this page rather than a screenshot.
            </p>
          </div>
        </section>
      </BrandScope>
    </div>
  );
}
