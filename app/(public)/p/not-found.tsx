import Link from "next/link";
import { SearchX } from "lucide-react";
import { EmptyState, buttonVariants } from "@/components/ui";
import { Logo } from "@/components/shell/logo";

export default function ProgramNotFound() {
  return (
    <div className="mx-auto max-w-3xl space-y-8 px-5 py-4">
      <Logo />
      <EmptyState
        icon={<SearchX />}
        title="This program page does not exist"
        description="The address may be mistyped, or the business has not published its program yet."
        action={
          <Link href="/" className={buttonVariants({ variant: "outline" })}>
            Go to Boomerang
          </Link>
        }
      />
    </div>
  );
}
