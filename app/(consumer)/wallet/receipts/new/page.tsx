import type { Metadata } from "next";
import Link from "next/link";
import { Store } from "lucide-react";
import { EmptyState, PageHeader, buttonVariants } from "@/components/ui";
import { ReceiptForm } from "@/components/consumer/receipts/receipt-form";
import { requireUser } from "@/lib/auth/session";
import { listReceiptPrograms } from "@/lib/receipts/list-receipt-programs";
import { receiptDateBounds } from "@/lib/receipts/receipt-dates";
import { maxImageBytes } from "@/lib/uploads/store-image";

export const metadata: Metadata = { title: "Send a receipt" };

export default async function NewReceiptPage() {
  const user = await requireUser("/wallet/receipts/new");
  const programs = await listReceiptPrograms(user.id);
  const dates = receiptDateBounds();
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader title="Send a receipt" description="The business checks the photo, then your cashback follows the usual hold period." />
      {programs.length === 0 ? (
        <EmptyState
          icon={<Store aria-hidden />}
          title="Join a program first"
          description="Receipts go to a program you are a member of. Join one from a shop's Boomerang page."
          action={
            <Link className={buttonVariants({ variant: "outline" })} href="/wallet">
              Back to the wallet
            </Link>
          }
        />
      ) : (
        <ReceiptForm
          programs={programs}
          today={dates.today}
          minDate={dates.min}
          maxDate={dates.max}
          maxBytes={maxImageBytes("receipt")}
        />
      )}
    </div>
  );
}
