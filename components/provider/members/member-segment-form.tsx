"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Field, Input } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

type Save = (input: { providerId: string; memberId: string; segment: string; tier: string }) => Promise<ActionResult<{ segment: string | null; tier: string | null }>>;

/** The member's segment and tier, as campaigns scoped by segment or tier match them (exact names; blank clears). */
export function MemberSegmentForm({
  providerId,
  memberId,
  segment,
  tier,
  suggestions,
  save,
}: {
  providerId: string;
  memberId: string;
  segment: string | null;
  tier: string | null;
  suggestions: { segments: string[]; tiers: string[] };
  save: Save;
}) {
  const router = useRouter();
  const [values, setValues] = useState({ segment: segment ?? "", tier: tier ?? "" });
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const result = await save({ providerId, memberId, ...values });
    setPending(false);
    if (!result.ok) return setError({ message: result.error.message, field: result.error.field });
    toast.success("Segment and tier saved.");
    router.refresh();
  }

  const hint = (names: string[], what: string) => (names.length ? `Your campaigns target: ${names.join(", ")}` : `No campaign targets a ${what} yet.`);
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2">
      <Field label="Segment" hint={hint(suggestions.segments, "segment")} error={error?.field === "segment" ? error.message : undefined}>
        <Input value={values.segment} onChange={(e) => setValues({ ...values, segment: e.target.value })} list="member-segments" maxLength={100} />
      </Field>
      <datalist id="member-segments">
        {suggestions.segments.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <Field label="Tier" hint={hint(suggestions.tiers, "tier")} error={error?.field === "tier" ? error.message : undefined}>
        <Input value={values.tier} onChange={(e) => setValues({ ...values, tier: e.target.value })} list="member-tiers" maxLength={100} />
      </Field>
      <datalist id="member-tiers">
        {suggestions.tiers.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {error && error.field !== "segment" && error.field !== "tier" ? (
        <p role="alert" className="text-sm text-danger sm:col-span-2">
          {error.message}
        </p>
      ) : null}
      <div className="sm:col-span-2">
        <Button type="submit" variant="outline" disabled={pending}>
          Save segment and tier
        </Button>
      </div>
    </form>
  );
}
