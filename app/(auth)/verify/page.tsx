import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ConfirmSignupButton } from "@/components/auth/confirm-signup-button";
import { AuthCard } from "@/components/shell/auth-card";
import { buttonVariants } from "@/components/ui";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { confirmSignupFormAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your e-mail" };

// Opening the link only shows a button: mail scanners that pre-fetch links must not consume the token.
export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (!token) redirect("/signup");
  return (
    <AuthCard title="Confirm your e-mail" description="One click and your account is ready.">
      <ConfirmSignupButton token={token} callbackUrl={callbackUrl} confirm={confirmSignupFormAction} />
      <Link href="/signin" className={buttonVariants({ variant: "link", className: "mt-4 w-full" })}>
        Back to sign in
      </Link>
    </AuthCard>
  );
}
