import type { Metadata } from "next";
import Link from "next/link";
import { Plus, ReceiptText } from "lucide-react";
import { EmptyState, PageHeader, buttonVariants } from "@/components/ui";
import { ReceiptList } from "@/components/consumer/receipts/receipt-list";
import { requireUser } from "@/lib/auth/session";
import { listReceipts } from "@/lib/receipts/list-receipts";

export const metadata: Metadata = { title: "Receipts" };

export default async function ReceiptsPage() {
  const user = await requireUser("/wallet/receipts");
  const receipts = await listReceipts(user.id);
  const add = (
    <Link className={buttonVariants({ fullWidth: true, className: "sm:w-auto" })} href="/wallet/receipts/new">
      <Plus aria-hidden /> Send a receipt
    </Link>
  );
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader title="Receipts" description="Photograph a receipt and the business reviews it for cashback." actions={receipts.length > 0 ? add : undefined} />
      {receipts.length === 0 ? (
        <EmptyState
          icon={<ReceiptText aria-hidden />}
          title="No receipts yet"
          description="Bought something without your card? Send a photo of the receipt and earn the cashback after review."
          action={add}
        />
      ) : (
        <ReceiptList receipts={receipts} />
      )}
    </div>
  );
}
