import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Check } from "lucide-react";
import { BrandScope, buttonVariants } from "@/components/ui";
import { Logo } from "@/components/shell/logo";
import { currentUser } from "@/lib/auth/session";
import { getPublicProgram } from "@/lib/programs/get-public-program";
import { db } from "@/lib/db/client";
import { JoinButton } from "./join-button";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const program = await getPublicProgram((await params).slug);
  if (!program) return { title: "Program not found" };
  const description = program.description ?? `Join ${program.name} on Boomerang and earn cashback on every purchase.`;
  return { title: program.name, description, openGraph: { title: `${program.name} cashback`, description, type: "website" } };
}

const STEPS = ["Join for free with your e-mail", "Show your card at the till, or shop online", "Cashback lands in your wallet"];

export default async function ProgramPage({ params }: Props) {
  const { slug } = await params;
  const program = await getPublicProgram(slug);
  if (!program) notFound();
  const user = await currentUser();
  const member = user ? await db.member.findUnique({ where: { userId_programId: { userId: user.id, programId: program.id } }, select: { id: true } }) : null;
  return (
    <BrandScope color={program.brandColor} className="min-h-dvh">
      <header className="mx-auto flex max-w-3xl items-center justify-between px-5 py-4">
        <Logo />
      </header>
      <main className="mx-auto max-w-3xl px-5 pb-16">
        <section className="overflow-hidden rounded-2xl bg-brand px-6 py-12 text-brand-foreground sm:px-10">
          <p className="text-sm font-medium opacity-80">{program.provider.name}</p>
          <h1 className="mt-2 text-3xl font-semibold tracking-tight text-balance sm:text-5xl">{program.name}</h1>
          <p className="mt-4 max-w-xl text-base opacity-90">{program.description ?? "Earn cashback every time you shop with us."}</p>
        </section>
        <section className="mt-8 grid gap-6 sm:grid-cols-[1fr_auto] sm:items-start">
          <div>
            <h2 className="text-lg font-semibold">How it works</h2>
            <ol className="mt-3 space-y-3">
              {STEPS.map((step) => (
                <li key={step} className="flex items-start gap-3 text-muted-foreground">
                  <Check aria-hidden className="mt-0.5 size-5 shrink-0 text-brand" />
                  {step}
                </li>
              ))}
            </ol>
            <p className="mt-4 text-sm text-subtle-foreground">Membership is free. Rewards are paid in {program.currency === "PTS" ? "points" : program.currency}.</p>
          </div>
          <div className="sm:w-64">
            {member ? (
              <Link href="/wallet" className={buttonVariants({ size: "lg", className: "w-full" })}>
                You&apos;re a member — open wallet
              </Link>
            ) : user ? (
              <JoinButton programId={program.id} name={program.name} />
            ) : (
              <Link href={`/signup?callbackUrl=${encodeURIComponent(`/p/${program.slug}`)}`} className={buttonVariants({ size: "lg", className: "w-full" })}>
                Join {program.name}
              </Link>
            )}
          </div>
        </section>
      </main>
    </BrandScope>
  );
}
