import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, PageHeader, buttonVariants } from "@/components/ui";
import { VoucherForm } from "@/components/consumer/vouchers/voucher-form";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listVoucherPrograms } from "@/lib/redemptions/list-member-vouchers";
import { createVoucherAction } from "../actions";

export const metadata: Metadata = { title: "Use at checkout" };

export default async function NewVoucherPage() {
  const user = await requireUser("/wallet/vouchers/new");
  const programs = await listVoucherPrograms(db, user.id);
  const validity = await db.program.findMany({ where: { id: { in: programs.map((p) => p.programId) } }, select: { id: true, voucherValidityDays: true } });
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader
        title="Use at checkout"
        description="Turn part of your cashback into a one-time voucher code to show at the till or type at the shop's checkout."
        actions={
          <Link href="/wallet/vouchers" className={buttonVariants({ variant: "outline", size: "sm" })}>
            Your vouchers
          </Link>
        }
      />
      <Card>
        <CardContent className="p-5">
          <VoucherForm
            programs={programs.map((p) => ({ ...p, availableMinor: p.availableMinor.toString() }))}
            validityDays={Object.fromEntries(validity.map((p) => [p.id, p.voucherValidityDays]))}
            create={createVoucherAction}
          />
        </CardContent>
      </Card>
    </div>
  );
}
