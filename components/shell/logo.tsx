import Link from "next/link";

export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="inline-flex items-center gap-2 font-semibold tracking-tight text-foreground">
      <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-brand text-brand-foreground">
        <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth={2.4} strokeLinecap="round">
          <path d="M5 15c2-7 12-9 15-3M20 12l-1 4-4-1" />
        </svg>
      </span>
      Boomerang
    </Link>
  );
}
