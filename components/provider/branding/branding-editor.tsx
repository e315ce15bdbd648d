"use client";

import Link from "next/link";
import { useState } from "react";
import { Plus, Trash2 } from "lucide-react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Textarea, buttonVariants } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import { ProgramPage } from "@/components/program/program-page";
import type { ActionResult } from "@/lib/actions/result";
import type { ProgramPageView, SocialLink } from "@/lib/programs/program-page-view";
import { ImageUpload } from "./image-upload";

export type BrandingValues = {
  brandColor: string;
  description: string;
  address: string;
  contactEmail: string;
  contactPhone: string;
  website: string;
  openingHours: string;
  socialLinks: SocialLink[];
};

type Fixed = Pick<ProgramPageView, "name" | "providerName" | "slug" | "earnHeadline" | "earnDetail" | "membershipLabel" | "paysIn">;

export interface BrandingEditorProps {
  providerId: string;
  programId: string;
  /** What the page shows that is not edited here (name, rules, membership). */
  fixed: Fixed;
  published: boolean;
  initial: BrandingValues;
  initialImages: { logo: string | null; cover: string | null };
  save: (input: BrandingValues & { providerId: string; programId: string }) => Promise<ActionResult<{ changed: string[] }>>;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

export function BrandingEditor({ providerId, programId, fixed, published, initial, initialImages, save }: BrandingEditorProps) {
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [images, setImages] = useState(initialImages);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const dirty = JSON.stringify(values) !== JSON.stringify(saved);
  const set = (key: Exclude<keyof BrandingValues, "socialLinks">) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const setLink = (i: number, patch: Partial<SocialLink>) =>
    setValues((v) => ({ ...v, socialLinks: v.socialLinks.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));

  const blank = (s: string) => (s.trim() === "" ? null : s.trim());
  const preview: ProgramPageView = {
    ...fixed,
    brandColor: HEX.test(values.brandColor) ? values.brandColor : saved.brandColor,
    description: blank(values.description),
    logoUrl: images.logo,
    coverUrl: images.cover,
    address: blank(values.address),
    contactEmail: blank(values.contactEmail),
    contactPhone: blank(values.contactPhone),
    website: /^https:\/\/\S+\.\S+/.test(values.website.trim()) ? values.website.trim() : null,
    openingHours: blank(values.openingHours),
    socialLinks: values.socialLinks.filter((l) => l.label.trim() && /^https:\/\/\S+\.\S+/.test(l.url.trim())),
  };

  async function submit() {
    setErrors({});
    setFormError(null);
    setPending(true);
    const result = await save({ ...values, providerId, programId });
    setPending(false);
    if (result.ok) {
      setSaved(values);
      toast[result.data.changed.length === 0 ? "info" : "success"](result.data.changed.length === 0 ? "Nothing changed." : "Branding saved");
      return;
    }
    const { code, field, message } = result.error;
    if (code === "VALIDATION" && field) setErrors({ [field]: message.replace(`${field}: `, "") });
    else setFormError(message);
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start">
      <form
        className="min-w-0 space-y-6"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Card>
          <CardHeader>
            <CardTitle as="h2">Look</CardTitle>
            <CardDescription>Images are saved as soon as you choose them; JPEG, PNG, WebP, GIF, HEIF or AVIF.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            <ImageUpload
              providerId={providerId}
              programId={programId}
              kind="logo"
              label="Logo"
              hint="Square works best; up to 2 MB, shown at most 512 px."
              url={images.logo}
              onChange={(logo) => setImages((i) => ({ ...i, logo }))}
            />
            <ImageUpload
              providerId={providerId}
              programId={programId}
              kind="cover"
              label="Cover image"
              hint="A wide photo of your shop or products; up to 5 MB, cropped to 1600 × 600."
              url={images.cover}
              onChange={(cover) => setImages((i) => ({ ...i, cover }))}
            />
            <Field label="Brand colour" hint="Buttons and highlights on your page; text colour is picked for contrast." error={errors.brandColor}>
              {(control) => (
                <div className="flex items-center gap-2">
                  <input
                    type="color"
                    aria-label="Pick a brand colour"
                    value={HEX.test(values.brandColor) ? values.brandColor.toLowerCase() : "#0f766e"}
                    onChange={(e) => set("brandColor")(e.target.value)}
                    className="h-11 w-14 shrink-0 cursor-pointer rounded-lg border border-border bg-surface p-1 sm:h-9"
                  />
                  <Input {...control} name="brandColor" className="max-w-36 font-mono" value={values.brandColor} onChange={(e) => set("brandColor")(e.target.value)} />
                </div>
              )}
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle as="h2">Business profile</CardTitle>
            <CardDescription>Shown on your program page. Leave a field empty to hide it.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            <Field label="Description" hint="A few words about your business and your program (up to 1000 characters)." error={errors.description}>
              <Textarea name="description" rows={4} value={values.description} onChange={(e) => set("description")(e.target.value)} />
            </Field>
            <Field label="Address" error={errors.address}>
              <Textarea name="address" rows={2} value={values.address} onChange={(e) => set("address")(e.target.value)} />
            </Field>
            <div className="grid gap-5 sm:grid-cols-2">
              <Field label="Contact e-mail" error={errors.contactEmail}>
                <Input name="contactEmail" type="email" autoComplete="email" value={values.contactEmail} onChange={(e) => set("contactEmail")(e.target.value)} />
              </Field>
              <Field label="Contact phone" error={errors.contactPhone}>
                <Input name="contactPhone" type="tel" autoComplete="tel" value={values.contactPhone} onChange={(e) => set("contactPhone")(e.target.value)} />
              </Field>
            </div>
            <Field label="Website" hint="A full address starting with https://" error={errors.website}>
              <Input name="website" type="url" placeholder="https://" value={values.website} onChange={(e) => set("website")(e.target.value)} />
            </Field>
            <Field label="Opening hours" hint="One line per day or range, e.g. “Mon–Fri 8:00–18:00”." error={errors.openingHours}>
              <Textarea name="openingHours" rows={4} value={values.openingHours} onChange={(e) => set("openingHours")(e.target.value)} />
            </Field>
            <fieldset className="space-y-3">
              <legend className="text-sm font-medium">Social links</legend>
              {values.socialLinks.length === 0 ? <p className="text-sm text-muted-foreground">No links yet: add Instagram, Facebook or any https:// page.</p> : null}
              {values.socialLinks.map((link, i) => (
                <div key={i} className="grid gap-2 sm:grid-cols-[10rem_minmax(0,1fr)_auto] sm:items-start">
                  <Field label={`Link ${i + 1} name`} labelClassName="sr-only" error={errors[`socialLinks.${i}.label`]}>
                    <Input placeholder="Instagram" value={link.label} onChange={(e) => setLink(i, { label: e.target.value })} />
                  </Field>
                  <Field label={`Link ${i + 1} address`} labelClassName="sr-only" error={errors[`socialLinks.${i}.url`]}>
                    <Input type="url" placeholder="https://instagram.com/yourshop" value={link.url} onChange={(e) => setLink(i, { url: e.target.value })} />
                  </Field>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    aria-label={`Remove link ${i + 1}`}
                    onClick={() => setValues((v) => ({ ...v, socialLinks: v.socialLinks.filter((_, j) => j !== i) }))}
                  >
                    <Trash2 aria-hidden />
                  </Button>
                </div>
              ))}
              {errors.socialLinks ? <p className="text-sm font-medium text-danger">{errors.socialLinks}</p> : null}
              {values.socialLinks.length < 10 ? (
                <Button type="button" variant="outline" size="sm" onClick={() => setValues((v) => ({ ...v, socialLinks: [...v.socialLinks, { label: "", url: "" }] }))}>
                  <Plus aria-hidden /> Add a link
                </Button>
              ) : null}
            </fieldset>
          </CardContent>
        </Card>

        {formError ? <Alert variant="danger">{formError}</Alert> : null}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" loading={pending} disabled={!dirty}>
            Save branding
          </Button>
          <Button
            type="button"
            variant="ghost"
            disabled={!dirty || pending}
            onClick={() => {
              setValues(saved);
              setErrors({});
            }}
          >
            Discard changes
          </Button>
        </div>
      </form>

      <aside className="space-y-3 lg:sticky lg:top-20" aria-label="Live preview of your program page">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-sm font-medium">Live preview{dirty ? " (unsaved)" : ""}</h2>
          <Link href={`/p/${fixed.slug}`} className={buttonVariants({ variant: "link", size: "sm" })}>
            {published ? "Open page" : "Open preview"}
          </Link>
        </div>
        {/* Focusable, so keyboard users can scroll the preview too. */}
        <div
          className="max-h-[75vh] overflow-y-auto rounded-2xl border border-border shadow-sm focus-visible:outline-2 focus-visible:outline-brand"
          data-testid="branding-preview"
          role="region"
          aria-label="Program page preview"
          tabIndex={0}
        >
          <ProgramPage
            compact
            view={preview}
            action={
              <span aria-hidden className={buttonVariants({ size: "lg", className: "pointer-events-none w-full" })}>
                Join {fixed.name}
              </span>
            }
          />
        </div>
      </aside>
    </div>
  );
}
