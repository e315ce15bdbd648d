import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EyeOff } from "lucide-react";
import { Button, buttonVariants } from "@/components/ui";
import { Logo } from "@/components/shell/logo";
import { JoinButton } from "@/components/program/join-button";
import { ProgramPage } from "@/components/program/program-page";
import { appUrl } from "@/lib/app-url";
import { currentUser } from "@/lib/auth/session";
import { isProgramMember } from "@/lib/programs/is-program-member";
import { getPublicProgram } from "@/lib/programs/get-public-program";
import { joinProgramAction } from "./actions";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const user = await currentUser();
  const program = await getPublicProgram(slug, user?.id);
  if (!program) return { title: "Program not found", robots: { index: false } };
  const { view } = program;
  const title = `${view.name} — ${view.earnHeadline}`;
  const description = view.description?.slice(0, 200) ?? `Join ${view.name} and earn cashback on every purchase. ${view.membershipLabel}.`;
  return {
    metadataBase: new URL(appUrl("/")),
    title: view.name,
    description,
    alternates: { canonical: `/p/${program.slug}` },
    // A preview of an unpublished page must not end up in a search index.
    robots: program.published ? undefined : { index: false, follow: false },
    openGraph: { title, description, type: "website", url: `/p/${program.slug}`, siteName: "Boomerang" },
    twitter: { card: "summary_large_image", title, description },
  };
}

export default async function ProgramPublicPage({ params }: Props) {
  const { slug } = await params;
  const user = await currentUser();
  const program = await getPublicProgram(slug, user?.id);
  if (!program) notFound();
  const member = user ? await isProgramMember(user.id, program.id) : false;
  const { view } = program;

  // Staff previewing an unpublished page (or a paused program): joining is closed.
  const action = !program.published || (program.paused && !member) ? (
    <Button size="lg" className="w-full" disabled>
      Join {view.name}
    </Button>
  ) : member ? (
    <Link href="/wallet" className={buttonVariants({ size: "lg", className: "w-full" })}>
      You&apos;re a member — open wallet
    </Link>
  ) : program.paid ? (
    // A paid membership: the checkout page explains the price, then Stripe takes the payment.
    <Link
      href={user ? `/join/${program.slug}` : `/signup?callbackUrl=${encodeURIComponent(`/join/${program.slug}`)}`}
      className={buttonVariants({ size: "lg", className: "w-full" })}
    >
      Join {view.name}
    </Link>
  ) : user ? (
    <JoinButton programId={program.id} name={view.name} join={joinProgramAction} />
  ) : (
    <Link href={`/signup?callbackUrl=${encodeURIComponent(`/p/${program.slug}`)}`} className={buttonVariants({ size: "lg", className: "w-full" })}>
      Join {view.name}
    </Link>
  );

  const banner = program.published ? null : (
    <div role="status" className="flex flex-wrap items-center justify-center gap-x-3 gap-y-1 border-b border-warning-border bg-warning-subtle px-4 py-2 text-center text-sm text-foreground">
      <EyeOff aria-hidden className="size-4" />
      <span>
        <strong>Not published yet.</strong> Only your team can see this page.
      </span>
      <Link href="/dashboard/settings#publish" className="font-medium underline underline-offset-2">
        Publish it
      </Link>
    </div>
  );

  return <ProgramPage view={view} action={action} banner={banner} header={<Logo />} paused={program.paused} />;
}
