"use client";

import { useSession } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { CircleCheck, CircleX } from "lucide-react";
import { Alert, Button, Field, Input, Select } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { suggestSlug } from "./suggest-slug";

type Currency = "EUR" | "USD" | "GBP" | "CAD" | "PTS";
type SlugCheck = { slug: string; available: boolean; message: string };

export interface OnboardingFormProps {
  onboard: (input: { name: string; slug: string; currency: Currency }) => Promise<ActionResult<{ providerId: string; programId: string; slug: string }>>;
  checkSlug: (input: { slug: string }) => Promise<ActionResult<SlugCheck>>;
}

const CURRENCIES: { value: Currency; label: string }[] = [
  { value: "EUR", label: "Euro (EUR)" },
  { value: "USD", label: "US dollar (USD)" },
  { value: "GBP", label: "Pound sterling (GBP)" },
  { value: "CAD", label: "Canadian dollar (CAD)" },
  { value: "PTS", label: "Points instead of money" },
];

export function OnboardingForm({ onboard, checkSlug }: OnboardingFormProps) {
  const router = useRouter();
  const { update } = useSession();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [currency, setCurrency] = useState<Currency>("EUR");
  const [check, setCheck] = useState<SlugCheck | null>(null);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const latest = useRef("");

  // Availability as the person types, debounced; only the answer for the current value is shown.
  useEffect(() => {
    latest.current = slug;
    if (slug.length < 3) return;
    const timer = setTimeout(async () => {
      const result = await checkSlug({ slug });
      if (latest.current === slug && result.ok) setCheck(result.data);
    }, 300);
    return () => clearTimeout(timer);
  }, [slug, checkSlug]);

  const shownCheck = check && check.slug === slug ? check : null;

  async function submit() {
    setErrors({});
    setFormError(null);
    setPending(true);
    const result = await onboard({ name, slug, currency });
    if (!result.ok) {
      setPending(false);
      const { field, message } = result.error;
      if (field && ["name", "slug", "currency"].includes(field)) setErrors({ [field]: message.replace(`${field}: `, "") });
      else setFormError(message);
      return;
    }
    // The session cookie carries the roles the request gate reads: refresh it before entering the dashboard.
    await update();
    toast.success(`${name.trim()} is ready. Let's set it up.`);
    router.replace("/dashboard");
    router.refresh();
  }

  return (
    <form
      className="space-y-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field label="Business name" error={errors.name} required>
        <Input
          name="name"
          autoComplete="organization"
          autoFocus
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (!slugEdited) setSlug(suggestSlug(e.target.value));
          }}
        />
      </Field>
      <Field
        label="Program page address"
        required
        error={errors.slug ?? (shownCheck && !shownCheck.available ? shownCheck.message : undefined)}
        hint={
          shownCheck?.available ? (
            <span className="inline-flex items-center gap-1 text-success">
              <CircleCheck aria-hidden className="size-4" /> {shownCheck.message}
            </span>
          ) : (
            "Lower-case letters, digits and dashes. Your customers join at this address."
          )
        }
      >
        {(control) => (
          <div className="flex items-center gap-2">
            <span className="shrink-0 text-sm text-muted-foreground">/p/</span>
            <Input
              {...control}
              name="slug"
              autoCapitalize="none"
              spellCheck={false}
              value={slug}
              onChange={(e) => {
                setSlugEdited(true);
                setSlug(e.target.value.toLowerCase());
              }}
            />
            {shownCheck && !shownCheck.available ? <CircleX aria-hidden className="size-5 shrink-0 text-danger" /> : null}
          </div>
        )}
      </Field>
      <Field label="Cashback paid in" hint="The currency of your rewards; it cannot be changed later." error={errors.currency} required>
        <Select name="currency" value={currency} onChange={(e) => setCurrency(CURRENCIES.find((c) => c.value === e.target.value)?.value ?? "EUR")}>
          {CURRENCIES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </Select>
      </Field>
      {formError ? <Alert variant="danger">{formError}</Alert> : null}
      <Button type="submit" className="w-full" loading={pending}>
        Create my program
      </Button>
      <p className="text-center text-xs text-muted-foreground">Your program stays unpublished until you choose to publish it.</p>
    </form>
  );
}
