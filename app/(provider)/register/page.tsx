import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { MemberLookup } from "@/components/provider/register/member-lookup";
import { RecentSales } from "@/components/provider/register/recent-sales";
import { db } from "@/lib/db/client";
import { listRegisterSales } from "@/lib/purchases/list-register-sales";
import { requireStaff } from "@/lib/providers/require-staff";
import { lookupMemberAction, lookupVoucherAction, registerPurchaseAction, spendAtRegisterAction, voidSaleAction } from "./actions";

export const metadata: Metadata = { title: "Cash register" };

export default async function RegisterPage() {
  const { provider, user } = await requireStaff(["OWNER", "MANAGER", "CASHIER"], "/register");
  const sales = await listRegisterSales(db, { providerId: provider.id, cashierUserId: user.id });
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageHeader title="Cash register" description={`Scan a ${provider.name} member's card, or type the code printed under its QR; members can pay with their cashback.`} />
      <MemberLookup providerId={provider.id} actions={{ lookup: lookupMemberAction, lookupVoucher: lookupVoucherAction, register: registerPurchaseAction, spend: spendAtRegisterAction }} />
      <RecentSales
        providerId={provider.id}
        voidSale={voidSaleAction}
        sales={sales.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), voidableUntil: s.voidableUntil?.toISOString() ?? null }))}
      />
    </div>
  );
}
