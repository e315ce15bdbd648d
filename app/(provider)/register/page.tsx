import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { MemberLookup } from "@/components/provider/register/member-lookup";
import { requireStaff } from "@/lib/providers/require-staff";
import { lookupMemberAction, lookupVoucherAction, registerPurchaseAction, spendAtRegisterAction } from "./actions";

export const metadata: Metadata = { title: "Cash register" };

export default async function RegisterPage() {
  const { provider } = await requireStaff(["OWNER", "MANAGER", "CASHIER"], "/register");
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageHeader title="Cash register" description={`Scan a ${provider.name} member's card, or type the code printed under its QR; members can pay with their cashback.`} />
      <MemberLookup providerId={provider.id} actions={{ lookup: lookupMemberAction, lookupVoucher: lookupVoucherAction, register: registerPurchaseAction, spend: spendAtRegisterAction }} />
    </div>
  );
}
