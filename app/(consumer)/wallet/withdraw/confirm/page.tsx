import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, CardContent, PageHeader, buttonVariants } from "@/components/ui";
import { ConfirmWithdrawalForm } from "@/components/consumer/withdraw/confirm-withdrawal-form";
import { requireUser } from "@/lib/auth/session";
import { confirmWithdrawalFormAction } from "./actions";

export const metadata: Metadata = { title: "Confirm withdrawal" };

// Opening the link only shows a button: mail scanners that pre-fetch links must not confirm anything.
export default async function ConfirmWithdrawalPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  await requireUser(`/wallet/withdraw/confirm?token=${encodeURIComponent(token)}`);
  if (!token) redirect("/wallet/withdraw");
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader title="Confirm your withdrawal" description="Money only moves after you confirm here, signed in to your account." />
      <Card>
        <CardContent className="space-y-4 p-5">
          <ConfirmWithdrawalForm token={token} confirm={confirmWithdrawalFormAction} />
          <Link href="/wallet/withdraw" className={buttonVariants({ variant: "link", className: "w-full" })}>
            Back to withdrawals
          </Link>
        </CardContent>
      </Card>
    </div>
  );
}
