import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";

/** The "Open transaction" form's target: to the transaction's own address. */
export default async function FindTransactionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/admin/ledger");
  if (!user.roles.admin) notFound();
  const id = (await searchParams).id;
  if (typeof id !== "string" || !/^\d{1,18}$/.test(id.trim())) redirect("/admin/ledger");
  redirect(`/admin/ledger/transactions/${id.trim()}`);
}
