import type { ReactNode } from "react";
import { Clock, ExternalLink, Globe, Mail, MapPin, Phone, Sparkles } from "lucide-react";
import { BrandScope } from "@/components/ui";
import type { ProgramPageView } from "@/lib/programs/program-page-view";
import { cn } from "@/lib/utils/cn";

const STEPS = [
  { title: "Join", text: "Sign up with your e-mail in a minute." },
  { title: "Shop", text: "Show your member card at the till, or shop online with the same e-mail." },
  { title: "Earn", text: "Cashback lands in your wallet, ready to spend or withdraw once it is available." },
];

export interface ProgramPageProps {
  view: ProgramPageView;
  /** The Join button (or "open wallet"); the branding preview passes an inert one. */
  action: ReactNode;
  /** Shown above the page, e.g. the "Not published yet" banner for the provider's staff. */
  banner?: ReactNode;
  /** Top bar (the Boomerang logo on the real page). */
  header?: ReactNode;
  /** The preview renders inside a narrow frame: keep the phone layout whatever the window size. */
  compact?: boolean;
  /** The platform suspended the business: say the program is paused (joining, earning and spending are closed). */
  paused?: boolean;
}

/** The public program page, as members see it; also the live preview on the branding page. */
export function ProgramPage({ view, action, banner, header, compact = false, paused = false }: ProgramPageProps) {
  // The compact preview sits inside the dashboard's own page: no second main landmark or h1 there.
  const Main = compact ? "div" : "main";
  const Title = compact ? "h2" : "h1";
  const wide = (classes: string) => (compact ? "" : classes);
  const contact = [
    view.address ? { icon: MapPin, text: view.address, href: null } : null,
    view.contactPhone ? { icon: Phone, text: view.contactPhone, href: `tel:${view.contactPhone.replace(/[^+0-9]/g, "")}` } : null,
    view.contactEmail ? { icon: Mail, text: view.contactEmail, href: `mailto:${view.contactEmail}` } : null,
    view.website ? { icon: Globe, text: view.website.replace(/^https?:\/\//, "").replace(/\/$/, ""), href: view.website } : null,
  ].filter((c) => c !== null);
  const hasInfo = contact.length > 0 || view.openingHours || view.socialLinks.length > 0;

  return (
    <BrandScope color={view.brandColor} className={cn("bg-background text-foreground", !compact && "min-h-dvh")}>
      {banner}
      {paused ? (
        <div role="status" className="border-b border-warning-border bg-warning-subtle px-4 py-2 text-center text-sm text-foreground">
          <strong>This program is paused.</strong> No cashback can be earned or spent with {view.name} for now; members keep their balances and can still withdraw.
        </div>
      ) : null}
      {header ? <header className="mx-auto flex max-w-3xl items-center justify-between px-5 py-4">{header}</header> : null}
      <Main className={cn("mx-auto max-w-3xl pb-16", compact ? "px-3 pt-3" : "px-5")}>
        <section className="overflow-hidden rounded-2xl bg-brand text-brand-foreground">
          {view.coverUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- uploaded images are already resized WebP
            <img src={view.coverUrl} alt="" className={cn("h-32 w-full object-cover", wide("sm:h-48"))} />
          ) : null}
          <div className={cn("px-6 py-8", wide("sm:px-10 sm:py-10"))}>
            <div className="flex items-center gap-4">
              {view.logoUrl ? (
                // eslint-disable-next-line @next/next/no-img-element -- uploaded images are already resized WebP
                <img src={view.logoUrl} alt={`${view.name} logo`} className="size-16 shrink-0 rounded-xl bg-white object-contain p-1 shadow-sm" />
              ) : null}
              <div className="min-w-0">
                {view.providerName !== view.name ? <p className="text-sm font-medium">{view.providerName}</p> : null}
                <Title className={cn("mt-1 text-3xl font-semibold tracking-tight text-balance break-words", wide("sm:text-5xl"))}>{view.name}</Title>
              </div>
            </div>
            <p className="mt-4 max-w-xl text-base whitespace-pre-line">{view.description || "Earn cashback every time you shop with us."}</p>
          </div>
        </section>

        <section className={cn("mt-6 grid gap-4", wide("sm:grid-cols-[1fr_16rem] sm:items-start"))}>
          <div className="rounded-2xl border border-border bg-surface p-5">
            <p className="flex items-center gap-2 text-sm font-medium text-muted-foreground">
              <Sparkles aria-hidden className="size-4 text-brand-emphasis" /> What you earn
            </p>
            <p className="mt-1 text-2xl font-semibold tracking-tight" data-testid="earn-headline">
              {view.earnHeadline}
            </p>
            {view.earnDetail ? <p className="mt-1 text-sm text-muted-foreground">{view.earnDetail}</p> : null}
            <p className="mt-3 text-sm">
              <span className="font-medium">{view.membershipLabel}</span>
              <span className="text-muted-foreground"> · rewards in {view.paysIn}</span>
            </p>
          </div>
          <div className="flex flex-col gap-2">{action}</div>
        </section>

        <section className="mt-8">
          <h2 className="text-lg font-semibold">How it works</h2>
          <ol className={cn("mt-3 grid gap-3", wide("sm:grid-cols-3"))}>
            {STEPS.map((step, i) => (
              <li key={step.title} className="flex gap-3 rounded-xl border border-border bg-surface p-4">
                <span aria-hidden className="grid size-7 shrink-0 place-items-center rounded-full bg-brand text-sm font-semibold text-brand-foreground">
                  {i + 1}
                </span>
                <span>
                  <span className="block font-medium">{step.title}</span>
                  <span className="block text-sm text-muted-foreground">{step.text}</span>
                </span>
              </li>
            ))}
          </ol>
        </section>

        {hasInfo ? (
          <section className={cn("mt-8 grid gap-6", wide("sm:grid-cols-2"))}>
            {view.openingHours ? (
              <div>
                <h2 className="flex items-center gap-2 text-lg font-semibold">
                  <Clock aria-hidden className="size-5 text-brand-emphasis" /> Opening hours
                </h2>
                <p className="mt-2 text-sm whitespace-pre-line text-muted-foreground">{view.openingHours}</p>
              </div>
            ) : null}
            {contact.length > 0 || view.socialLinks.length > 0 ? (
              <div>
                <h2 className="text-lg font-semibold">Find us</h2>
                <ul className="mt-2 space-y-2 text-sm">
                  {contact.map(({ icon: Icon, text, href }) => (
                    <li key={text} className="flex items-start gap-2 text-muted-foreground">
                      <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
                      {href ? (
                        <a href={href} className="break-all text-brand-emphasis underline-offset-4 hover:underline" rel="noopener noreferrer">
                          {text}
                        </a>
                      ) : (
                        <span className="whitespace-pre-line">{text}</span>
                      )}
                    </li>
                  ))}
                </ul>
                {view.socialLinks.length > 0 ? (
                  <ul className="mt-3 flex flex-wrap gap-2">
                    {view.socialLinks.map((link) => (
                      <li key={link.url}>
                        <a
                          href={link.url}
                          target="_blank"
                          rel="noopener noreferrer nofollow"
                          className="inline-flex min-h-9 items-center gap-1 rounded-full border border-border px-3 text-sm hover:bg-surface-muted"
                        >
                          {link.label} <ExternalLink aria-hidden className="size-3.5" />
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
          </section>
        ) : null}
      </Main>
    </BrandScope>
  );
}
