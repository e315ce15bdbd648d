import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card, CardContent, PageHeader, buttonVariants } from "@/components/ui";
import { ConfirmEmailButton } from "@/components/consumer/profile/confirm-email-button";
import { requireUser } from "@/lib/auth/session";
import { previewEmailChange } from "@/lib/users/confirm-email-change";
import { confirmEmailChangeAction } from "../actions";

export const metadata: Metadata = { title: "Confirm your new e-mail" };

/** Opened from the e-mail link; the change happens on the button, not on GET (mail scanners open links). */
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const user = await requireUser("/wallet/profile");
  const { token } = await searchParams;
  const change = typeof token === "string" ? await previewEmailChange(user.id, token) : null;
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader title="Confirm your new e-mail" />
      {change && typeof token === "string" ? (
        <Card>
          <CardContent className="space-y-4 p-5 sm:p-6">
            <p className="text-sm">
              Use <strong className="break-all">{change.to}</strong> instead of <span className="break-all">{change.from}</span> to sign in and receive e-mails?
            </p>
            <ConfirmEmailButton token={token} confirm={confirmEmailChangeAction} />
          </CardContent>
        </Card>
      ) : (
        <Alert variant="warning" title="This link does not work">
          It has expired, was already used, or belongs to another account. Ask for a new one from your profile.
        </Alert>
      )}
      <Link href="/wallet/profile" className={buttonVariants({ variant: "outline" })}>
        Back to the profile
      </Link>
    </div>
  );
}
