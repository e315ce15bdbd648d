import Link from "next/link";
import { Compass } from "lucide-react";
import { EmptyState, buttonVariants } from "@/components/ui";
import { Logo } from "@/components/shell/logo";

export const metadata = { title: "Page not found" };

/** Any address nothing answers: Boomerang's own page, with the ways back. */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-3xl flex-col gap-8 px-5 py-6">
      <div className="self-start">
        <Logo />
      </div>
      <EmptyState
        icon={<Compass />}
        title="This page does not exist"
        description="The address may be mistyped, or the page has moved. Your cashback is where you left it."
        action={
          <div className="flex flex-wrap justify-center gap-2">
            <Link href="/wallet" className={buttonVariants()}>
              Open my wallet
            </Link>
            <Link href="/" className={buttonVariants({ variant: "outline" })}>
              Go to the home page
            </Link>
          </div>
        }
      />
    </main>
  );
}
