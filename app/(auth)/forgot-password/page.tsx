import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { AuthCard } from "@/components/shell/auth-card";
import { forgotPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Reset your password"
      description="We will e-mail you a link to choose a new one."
      footer={
        <Link className="font-medium text-brand-emphasis hover:underline" href="/signin">
          Back to sign in
        </Link>
      }
    >
      <ForgotPasswordForm requestReset={forgotPasswordAction} />
    </AuthCard>
  );
}
