import Link from "next/link";
import { cn } from "@/lib/utils/cn";

/** Links between the member's cards when they belong to several programs. */
export function CardSwitcher({ cards, selected }: { cards: { memberId: string; program: { name: string } }[]; selected: string }) {
  if (cards.length < 2) return null;
  return (
    <nav aria-label="Your cards" className="-mx-4 overflow-x-auto px-4">
      <ul className="flex gap-2">
        {cards.map((c) => {
          const active = c.memberId === selected;
          return (
            <li key={c.memberId}>
              <Link
                href={`/wallet/card?program=${c.memberId}`}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex h-11 items-center rounded-full border px-4 text-sm font-medium whitespace-nowrap sm:h-9",
                  active ? "border-foreground bg-foreground text-background" : "border-border-strong text-muted-foreground hover:text-foreground",
                )}
              >
                {c.program.name}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
