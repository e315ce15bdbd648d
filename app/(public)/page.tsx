import Link from "next/link";
import { buttonVariants } from "@/components/ui";
import { Logo } from "@/components/shell/logo";

const FEATURES = [
  { title: "Your brand, your program", text: "A program page with your colours and logo, a Join button, and the rules you choose: percentage, flat, tiered, campaigns." },
  { title: "Every channel earns", text: "Signed webhooks from your shop, a cash register on any phone, linked cards and receipt uploads all feed one pipeline." },
  { title: "Money you can audit", text: "Every cent lives in an append-only double-entry ledger that PostgreSQL itself keeps balanced. Reconcile any time." },
  { title: "Members on their phones", text: "A wallet with available, pending and lifetime cashback, a QR card for the till, withdrawals to their bank." },
];

export default function LandingPage() {
  return (
    <div className="min-h-dvh">
      <header className="mx-auto flex max-w-6xl items-center justify-between px-5 py-5">
        <Logo />
        <nav className="flex items-center gap-2">
          <Link href="/signin" className={buttonVariants({ variant: "ghost" })}>
            Sign in
          </Link>
          <Link href="/signup" className={buttonVariants({ variant: "primary" })}>
            Get started
          </Link>
        </nav>
      </header>
      <main>
        <section className="mx-auto max-w-6xl px-5 pb-16 pt-12 sm:pt-20">
          <p className="mb-4 inline-flex rounded-full border border-brand-border bg-brand-subtle px-3 py-1 text-sm font-medium text-brand-emphasis">
            Open-source cashback platform
          </p>
          <h1 className="max-w-3xl text-4xl font-semibold tracking-tight text-balance sm:text-6xl">
            Cashback your customers come back for.
          </h1>
          <p className="mt-5 max-w-2xl text-lg text-muted-foreground text-pretty">
            Boomerang lets a business run its own branded cashback program. Customers earn on every purchase — online, in
            store or on their card — and track, spend and withdraw it from their phones.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link href="/signup" className={buttonVariants({ size: "lg" })}>
              Create an account
            </Link>
            <Link href="/p/cafe-aurora" className={buttonVariants({ size: "lg", variant: "outline" })}>
              See a program page
            </Link>
          </div>
          <p className="mt-6 text-sm text-muted-foreground">
            Run a business?{" "}
            <Link href={`/signup?callbackUrl=${encodeURIComponent("/onboarding")}`} className="font-medium text-brand-emphasis underline underline-offset-4">
              Start a cashback program for your business
            </Link>
          </p>
        </section>
        <section className="border-t border-border bg-surface">
          <div className="mx-auto grid max-w-6xl gap-6 px-5 py-14 sm:grid-cols-2 lg:grid-cols-4">
            {FEATURES.map((f) => (
              <div key={f.title}>
                <h2 className="font-semibold">{f.title}</h2>
                <p className="mt-2 text-sm text-muted-foreground">{f.text}</p>
              </div>
            ))}
          </div>
        </section>
      </main>
      <footer className="mx-auto max-w-6xl px-5 py-8 text-sm text-muted-foreground">Boomerang is open source. Amounts are kept in integer minor units, never floats.</footer>
    </div>
  );
}
