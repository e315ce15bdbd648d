import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireStaff } from "@/lib/providers/require-staff";
import { MemberLookup } from "./member-lookup";

export const metadata: Metadata = { title: "Cash register" };

export default async function RegisterPage() {
  const { provider } = await requireStaff(["OWNER", "MANAGER", "CASHIER"], "/register");
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageHeader title="Cash register" description={`Identify a ${provider.name} member by the code on their card.`} />
      <MemberLookup providerId={provider.id} />
    </div>
  );
}
