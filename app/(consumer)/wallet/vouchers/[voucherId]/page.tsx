import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, Badge, BrandScope, Card, CardContent, Money, PageHeader, buttonVariants } from "@/components/ui";
import { CancelVoucherButton } from "@/components/consumer/vouchers/cancel-voucher-button";
import { formatDateTime } from "@/components/consumer/wallet/format-date";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getMemberVoucher, voucherQrSvg } from "@/lib/redemptions/list-member-vouchers";
import { cancelVoucherAction } from "../actions";

export const metadata: Metadata = { title: "Voucher" };

const STATUS_LABEL = { ACTIVE: "Active", REDEEMED: "Used", CANCELED: "Cancelled", EXPIRED: "Expired" } as const;

export default async function VoucherPage({ params }: { params: Promise<{ voucherId: string }> }) {
  const { voucherId } = await params;
  const user = await requireUser(`/wallet/vouchers/${voucherId}`);
  const voucher = await getMemberVoucher(db, user.id, voucherId);
  if (!voucher) notFound();
  const open = voucher.status === "ACTIVE";
  const svg = open ? await voucherQrSvg(voucher.code) : null;
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader title="Voucher" description={`${voucher.program.name} · show this at the till or type the code at checkout.`} />
      <BrandScope color={voucher.program.brandColor}>
        <Card>
          <CardContent className="space-y-5 p-5 text-center">
            <p className="text-4xl font-semibold tracking-tight" data-testid="voucher-amount">
              <Money amountMinor={voucher.amountMinor} currency={voucher.currency} />
            </p>
            {svg ? (
              <div
                role="img"
                aria-label={`QR code of voucher ${voucher.code}`}
                data-testid="voucher-qr"
                className="mx-auto aspect-square w-full max-w-64 rounded-xl bg-white p-4 shadow-sm [&_svg]:h-full [&_svg]:w-full"
                // The SVG comes from our own server (qrcode rendering of our own voucher code), never from user input.
                dangerouslySetInnerHTML={{ __html: svg }}
              />
            ) : null}
            <p className={`font-mono text-3xl font-semibold tracking-widest break-all ${open ? "text-brand-emphasis" : "text-muted-foreground line-through"}`} data-testid="voucher-code">
              {voucher.code}
            </p>
            {open ? (
              <p className="text-sm text-muted-foreground">Valid until {formatDateTime(voucher.expiresAt)}. It can be used once.</p>
            ) : (
              <div className="flex justify-center">
                <Badge variant={voucher.status === "REDEEMED" ? "success" : "neutral"}>{STATUS_LABEL[voucher.status]}</Badge>
              </div>
            )}
            {open ? <CancelVoucherButton voucherId={voucher.id} code={voucher.code} cancel={cancelVoucherAction} fullWidth /> : null}
          </CardContent>
        </Card>
      </BrandScope>
      {voucher.status === "CANCELED" || voucher.status === "EXPIRED" ? <Alert variant="info">Its amount is back in your available cashback.</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Link href="/wallet/vouchers" className={buttonVariants({ variant: "outline" })}>
          Your vouchers
        </Link>
        <Link href="/wallet" className={buttonVariants({ variant: "ghost" })}>
          Wallet
        </Link>
      </div>
    </div>
  );
}
