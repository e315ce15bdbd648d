import type { Metadata } from "next";
import { CreditCard } from "lucide-react";
import { EmptyState, PageHeader } from "@/components/ui";
import { AddMerchantRuleForm } from "@/components/provider/linked-accounts/add-merchant-rule-form";
import { MerchantRulesList } from "@/components/provider/linked-accounts/merchant-rules-list";
import { db } from "@/lib/db/client";
import { listMerchantRules } from "@/lib/banking/list-merchant-rules";
import { requireStaff } from "@/lib/providers/require-staff";
import { addMerchantRuleAction, removeMerchantRuleAction } from "./actions";

export const metadata: Metadata = { title: "Card tracking" };

export default async function CardTrackingPage() {
  const { provider } = await requireStaff(["OWNER", "MANAGER"], "/dashboard/linked-accounts");
  const rules = await listMerchantRules(db, provider.id);
  const programs = provider.programs.map((p) => ({ id: p.id, name: p.name }));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Card tracking"
        description="Members can link a bank card. When a card transaction's merchant matches one of your rules, it becomes a purchase (source “Linked account”) and earns cashback like any other."
      />
      <AddMerchantRuleForm providerId={provider.id} programs={programs} add={addMerchantRuleAction} />
      {rules.length === 0 ? (
        <EmptyState
          icon={<CreditCard />}
          title="No merchant rules yet"
          description="Add the name your shop has on card statements (e.g. “Cafe Aurora*” for every name starting so), or Plaid's merchant id."
        />
      ) : (
        <MerchantRulesList providerId={provider.id} programs={programs} rules={rules} remove={removeMerchantRuleAction} />
      )}
    </div>
  );
}
