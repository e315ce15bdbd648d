import type { Metadata } from "next";
import Link from "next/link";
import { Ticket } from "lucide-react";
import { BrandScope, Card, CardContent, EmptyState, Money, PageHeader, buttonVariants } from "@/components/ui";
import { CancelVoucherButton } from "@/components/consumer/vouchers/cancel-voucher-button";
import { formatDateTime } from "@/components/consumer/wallet/format-date";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listMemberVouchers } from "@/lib/redemptions/list-member-vouchers";
import { cancelVoucherAction } from "./actions";

export const metadata: Metadata = { title: "Vouchers" };

export default async function VouchersPage() {
  const user = await requireUser("/wallet/vouchers");
  const vouchers = await listMemberVouchers(db, user.id);
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader
        title="Vouchers"
        description="One-time codes to pay with your cashback: show one at the till or type it at a shop's checkout."
        actions={
          <Link href="/wallet/vouchers/new" className={buttonVariants({ size: "sm" })}>
            New voucher
          </Link>
        }
      />
      {vouchers.length === 0 ? (
        <EmptyState
          icon={<Ticket />}
          title="No open vouchers"
          description="Make a voucher from your available cashback; its amount is set aside until you use it, cancel it or it expires."
          action={
            <Link href="/wallet/vouchers/new" className={buttonVariants({})}>
              Use at checkout
            </Link>
          }
        />
      ) : (
        <ul className="space-y-3" aria-label="Open vouchers">
          {vouchers.map((v) => (
            <li key={v.id}>
              <BrandScope color={v.program.brandColor}>
                <Card data-testid="voucher">
                  <CardContent className="flex items-start justify-between gap-3 p-4">
                    <Link href={`/wallet/vouchers/${v.id}`} className="min-w-0 space-y-1 rounded-md">
                      <p className="font-semibold">
                        <Money amountMinor={v.amountMinor} currency={v.currency} /> · {v.program.name}
                      </p>
                      <p className="font-mono text-lg tracking-wider text-brand-emphasis" data-testid="voucher-code">
                        {v.code}
                      </p>
                      <p className="text-sm text-muted-foreground">Valid until {formatDateTime(v.expiresAt)}</p>
                    </Link>
                    <div className="flex shrink-0 flex-col items-end gap-2">
                      <Link href={`/wallet/vouchers/${v.id}`} className={buttonVariants({ size: "sm" })}>
                        Show
                      </Link>
                      <CancelVoucherButton voucherId={v.id} code={v.code} cancel={cancelVoucherAction} />
                    </div>
                  </CardContent>
                </Card>
              </BrandScope>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
