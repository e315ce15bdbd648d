import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { AuthCard } from "@/components/shell/auth-card";
import { currentUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl ?? "/home");
  const verified = params.verified === "1";
  const reset = params.reset === "1";
  const email = typeof params.email === "string" ? params.email : "";
  return (
    <AuthCard
      title="Sign in"
      description="Welcome back to Boomerang."
      footer={
        <>
          New here?{" "}
          <Link className="font-medium text-brand-emphasis hover:underline" href={callbackUrl ? `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signup"}>
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} defaultEmail={email} notice={verified ? "Your e-mail is confirmed. Sign in to continue." : reset ? "Your password is changed. Sign in with the new one." : undefined} />
    </AuthCard>
  );
}
