import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { AuthCard } from "@/components/shell/auth-card";
import { Alert, buttonVariants } from "@/components/ui";
import { passwordResetIsValid } from "@/lib/users/reset-password";
import { resetPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Choose a new password" };

// Opening the link only checks it: mail scanners that pre-fetch links must not use it up.
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const valid = await passwordResetIsValid(token);
  return (
    <AuthCard title="Choose a new password" description={valid ? "Every device signed in to your account will be signed out." : undefined}>
      {valid ? (
        <ResetPasswordForm token={token} resetPassword={resetPasswordAction} />
      ) : (
        <div className="space-y-4">
          <Alert variant="danger" role="alert">
            This reset link has expired or was already used. Ask for a new one.
          </Alert>
          <Link href="/forgot-password" className={buttonVariants({ className: "w-full" })}>
            Send a new link
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
