import Link from "next/link";
import { Compass } from "lucide-react";
import { buttonVariants } from "@/components/ui";
import { Logo } from "@/components/shell/logo";

export const metadata = { title: "Page not found" };

/** Any address nothing answers: Boomerang's own page, with the ways back. */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-3xl flex-col gap-8 px-5 py-6">
      <div className="self-start">
        <Logo />
      </div>
      <section className="flex flex-col items-center gap-4 rounded-xl border border-dashed border-border px-6 py-12 text-center">
        <span aria-hidden className="grid size-12 place-items-center rounded-full bg-surface-muted text-muted-foreground [&>svg]:size-6">
          <Compass />
        </span>
        <div className="space-y-1">
          <h1 className="text-lg font-semibold">This page does not exist</h1>
          <p className="max-w-md text-sm text-muted-foreground">The address may be mistyped, or the page has moved. Your cashback is where you left it.</p>
        </div>
        <div className="flex flex-wrap justify-center gap-2">
          <Link href="/wallet" className={buttonVariants()}>
            Open my wallet
          </Link>
          <Link href="/" className={buttonVariants({ variant: "outline" })}>
            Go to the home page
          </Link>
        </div>
      </section>
    </main>
  );
}
