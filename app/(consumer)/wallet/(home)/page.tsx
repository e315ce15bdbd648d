import type { Metadata } from "next";
import { WalletHome } from "@/components/consumer/wallet/wallet-home";
import { PageHeader } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { getWallet, walletToJson } from "@/lib/members/get-wallet";

export const metadata: Metadata = { title: "Wallet" };

export default async function WalletPage() {
  const user = await requireUser("/wallet");
  const wallet = walletToJson(await getWallet(user.id));
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Hi${user.name ? `, ${user.name.split(/\s+/)[0]}` : ""}`}
        description="Your cashback, live."
      />
      <WalletHome wallet={wallet} />
    </div>
  );
}
