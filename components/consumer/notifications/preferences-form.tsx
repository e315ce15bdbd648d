"use client";

import { useState } from "react";
import { toast } from "@/components/ui/toaster";
import type { NotificationKind } from "@/lib/db/generated/enums";
import { KIND_LABELS } from "@/lib/notifications/kinds";
import type { ActionResult } from "@/lib/actions/result";

type Preference = { kind: NotificationKind; inApp: boolean; email: boolean };

/** One row per kind with two switches; each change is saved at once (and undone on failure). */
export function PreferencesForm({ initial, save }: { initial: Preference[]; save: (input: Preference) => Promise<ActionResult<unknown>> }) {
  const [prefs, setPrefs] = useState(initial);
  const [saving, setSaving] = useState<NotificationKind | null>(null);

  async function change(kind: NotificationKind, channel: "inApp" | "email", value: boolean) {
    const before = prefs;
    const current = prefs.find((p) => p.kind === kind);
    if (!current) return;
    const next = { ...current, [channel]: value };
    setPrefs((list) => list.map((p) => (p.kind === kind ? next : p)));
    setSaving(kind);
    const result = await save(next);
    setSaving(null);
    if (!result.ok) {
      setPrefs(before);
      toast.error(result.error.message);
      return;
    }
    toast.success(`${KIND_LABELS[kind].label}: ${channel === "inApp" ? "in the app" : "by e-mail"} ${value ? "on" : "off"}`);
  }

  return (
    <div className="overflow-hidden rounded-xl border border-border bg-surface">
      <div className="grid grid-cols-[1fr_auto_auto] items-center gap-x-4 border-b border-border bg-surface-muted px-4 py-2 text-xs font-medium text-muted-foreground" aria-hidden>
        <span>Kind</span>
        <span className="w-12 text-center">In app</span>
        <span className="w-12 text-center">E-mail</span>
      </div>
      <ul className="divide-y divide-border">
        {prefs.map((p) => (
          <li key={p.kind} className="grid grid-cols-[1fr_auto_auto] items-center gap-x-4 px-4 py-3" aria-busy={saving === p.kind}>
            <div className="min-w-0">
              <p className="text-sm font-medium" id={`pref-${p.kind}`}>
                {KIND_LABELS[p.kind].label}
              </p>
              <p className="text-xs text-muted-foreground">{KIND_LABELS[p.kind].hint}</p>
            </div>
            {(["inApp", "email"] as const).map((channel) => (
              <label key={channel} className="flex w-12 justify-center">
                <span className="sr-only">
                  {KIND_LABELS[p.kind].label} {channel === "inApp" ? "in the app" : "by e-mail"}
                </span>
                <input
                  type="checkbox"
                  className="size-6 accent-(--brand)"
                  checked={p[channel]}
                  disabled={saving === p.kind}
                  onChange={(e) => change(p.kind, channel, e.target.checked)}
                />
              </label>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
