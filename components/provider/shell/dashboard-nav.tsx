"use client";

import { useEffect, useId, useRef, useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Menu, X } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { activeHref, dashboardGroups } from "./nav-groups";

function NavGroups({ owner, label, onNavigate }: { owner: boolean; label: string; onNavigate?: () => void }) {
  const pathname = usePathname() ?? "";
  const id = useId();
  const groups = dashboardGroups({ owner });
  const active = activeHref(groups, pathname);
  return (
    <nav aria-label={label} className="space-y-5">
      {groups.map((group) => (
        <div key={group.label}>
          {/* Not a heading: the page's own h1 comes after the navigation. */}
          <p id={`${id}-${group.label}`} className="px-3 pb-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
            {group.label}
          </p>
          <ul aria-labelledby={`${id}-${group.label}`} className="space-y-0.5">
            {group.links.map(({ href, label: text, icon: Icon }) => {
              const current = href === active;
              return (
                <li key={href}>
                  <Link
                    href={href}
                    aria-current={current ? "page" : undefined}
                    onClick={onNavigate}
                    className={cn(
                      "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium",
                      current ? "bg-brand-subtle text-brand-emphasis" : "text-muted-foreground hover:bg-surface-muted hover:text-foreground",
                    )}
                  >
                    <Icon aria-hidden="true" className="size-4 shrink-0" />
                    {text}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/** The side navigation on wide screens. */
export function DashboardSideNav({ owner, area }: { owner: boolean; area: string }) {
  return <NavGroups owner={owner} label={`${area} navigation`} />;
}

/**
 * On phones and narrow windows: a Menu button that opens the same grouped navigation below the top bar. It
 * closes on navigation, on Escape (focus returns to the button) and on a click outside it.
 */
export function DashboardMenu({ owner, area }: { owner: boolean; area: string }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  // A navigation that did not come through a click in the menu (back button, a link in the page) closes it too.
  const [seen, setSeen] = useState(pathname);
  if (seen !== pathname) {
    setSeen(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target;
      if (target instanceof Node && !panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <div className="lg:hidden">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
        className="inline-flex h-11 items-center gap-2 rounded-md border border-border px-3 text-sm font-medium text-foreground hover:bg-surface-muted sm:h-9"
      >
        {open ? <X aria-hidden="true" className="size-4" /> : <Menu aria-hidden="true" className="size-4" />}
        Menu
      </button>
      <div
        ref={panel}
        id={panelId}
        hidden={!open}
        className="absolute inset-x-0 top-full max-h-[calc(100dvh-3.5rem)] overflow-y-auto border-b border-border bg-surface px-4 py-4 shadow-lg"
      >
        {open ? <NavGroups owner={owner} label={`${area} navigation`} onNavigate={() => setOpen(false)} /> : null}
      </div>
    </div>
  );
}
