import type { Metadata } from "next";
import Link from "next/link";
import { WalletHome } from "@/components/consumer/wallet/wallet-home";
import { PageHeader, buttonVariants } from "@/components/ui";
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
        actions={
          wallet.programs.length > 0 ? (
            <div className="flex flex-wrap gap-2">
              <Link href="/wallet/vouchers/new" className={buttonVariants({ size: "sm" })} data-testid="use-at-checkout">
                Use at checkout
              </Link>
              <Link href="/wallet/card" className={buttonVariants({ variant: "outline", size: "sm" })}>
                Show my card
              </Link>
              <Link href="/wallet/withdraw" className={buttonVariants({ variant: "outline", size: "sm" })}>
                Withdraw
              </Link>
              <Link href="/wallet/accounts" className={buttonVariants({ variant: "outline", size: "sm" })}>
                Linked accounts
              </Link>
            </div>
          ) : null
        }
      />
      <WalletHome wallet={wallet} />
    </div>
  );
}
