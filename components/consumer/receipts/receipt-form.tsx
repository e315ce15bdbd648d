"use client";

import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Camera } from "lucide-react";
import { Alert, Button, Card, CardContent, Field, Input, Select } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { Currency } from "@/lib/money/currency";
import { parseAmountInput } from "@/lib/money/parse-amount";

type Program = { programId: string; name: string; currency: Currency };
type Errors = Partial<Record<"image" | "programId" | "amount" | "purchasedOn" | "receiptNumber" | "form", string>>;

export interface ReceiptFormProps {
  programs: Program[];
  today: string;
  minDate: string;
  maxDate: string;
  maxBytes: number;
}

const FIELDS = new Set(["image", "programId", "amount", "purchasedOn", "receiptNumber"]);

/** Reads an application/problem+json answer without trusting its shape. */
async function problemOf(res: Response): Promise<{ detail: string; field?: string }> {
  const body: unknown = await res.json().catch(() => null);
  const detail = body && typeof body === "object" && "detail" in body && typeof body.detail === "string" ? body.detail : `The receipt could not be sent (error ${res.status}).`;
  const field = body && typeof body === "object" && "field" in body && typeof body.field === "string" ? body.field : undefined;
  return { detail, field };
}

/** Phone-first: take or pick a photo, choose the program, type the amount and date, send. */
export function ReceiptForm({ programs, today, minDate, maxDate, maxBytes }: ReceiptFormProps) {
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [programId, setProgramId] = useState(programs[0]?.programId ?? "");
  const [amount, setAmount] = useState("");
  const [purchasedOn, setPurchasedOn] = useState(today);
  const [receiptNumber, setReceiptNumber] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const program = programs.find((p) => p.programId === programId);
  const points = program?.currency === "PTS";

  // The preview's blob: URL is released when the photo changes and when the form goes away.
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const next: Errors = {};
    if (!file) next.image = "Add a photo of the receipt.";
    else if (file.size > maxBytes) next.image = `The photo may be at most ${Math.round(maxBytes / 1024 / 1024)} MB.`;
    if (!program) next.programId = "Choose a program.";
    const minor = program ? parseAmountInput(amount, program.currency) : null;
    if (minor === null || minor <= 0n) next.amount = points ? "Enter the amount as a whole number, like 42." : "Enter the amount on the receipt, like 42.10.";
    if (!purchasedOn) next.purchasedOn = "Enter the purchase date.";
    setErrors(next);
    if (Object.keys(next).length > 0 || !file) return;

    const form = new FormData();
    form.set("image", file);
    form.set("programId", programId);
    form.set("amount", amount);
    form.set("purchasedOn", purchasedOn);
    if (receiptNumber.trim()) form.set("receiptNumber", receiptNumber.trim());
    setPending(true);
    try {
      const res = await fetch("/api/receipts", { method: "POST", body: form });
      if (res.ok) {
        toast.success("Receipt sent", { description: `${program?.name ?? "The business"} will review it.` });
        router.push("/wallet/receipts");
        router.refresh();
        return;
      }
      const { detail, field } = await problemOf(res);
      setErrors(field && FIELDS.has(field) ? { [field]: detail } : { form: detail });
    } catch {
      setErrors({ form: "The receipt could not be sent: check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-5" aria-busy={pending}>
      <Card>
        <CardContent className="space-y-3 p-4">
          <Field label="Photo of the receipt" error={errors.image} required hint="A sharp photo with the shop name, date and total visible.">
            {(control) => (
              <input
                ref={fileRef}
                {...control}
                name="image"
                type="file"
                accept="image/*"
                capture="environment"
                className="block w-full text-sm file:mr-3 file:h-11 file:rounded-lg file:border-0 file:bg-surface-muted file:px-4 file:font-medium file:text-foreground"
                onChange={(e) => {
                  const chosen = e.target.files?.[0] ?? null;
                  setFile(chosen);
                  setPreview(chosen ? URL.createObjectURL(chosen) : null);
                  setErrors((x) => ({ ...x, image: undefined }));
                }}
              />
            )}
          </Field>
          {preview ? (
            // A blob: URL of the chosen file, shown as is.
            // eslint-disable-next-line @next/next/no-img-element
            <img src={preview} alt="Preview of the chosen receipt photo" className="max-h-80 w-full rounded-lg border border-border object-contain" />
          ) : (
            <button
              type="button"
              onClick={() => fileRef.current?.click()}
              className="flex h-40 w-full flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-border text-sm text-muted-foreground hover:bg-surface-muted"
            >
              <Camera aria-hidden className="size-6" />
              Take or choose a photo
            </button>
          )}
        </CardContent>
      </Card>

      <Field label="Program" error={errors.programId} required>
        <Select name="programId" value={programId} onChange={(e) => setProgramId(e.target.value)}>
          {programs.map((p) => (
            <option key={p.programId} value={p.programId}>
              {p.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={`Total on the receipt (${points ? "points" : (program?.currency ?? "")})`} error={errors.amount} required>
        <Input name="amount" inputMode="decimal" autoComplete="off" placeholder={points ? "42" : "42.10"} value={amount} onChange={(e) => setAmount(e.target.value)} />
      </Field>
      <Field label="Purchase date" error={errors.purchasedOn} required hint="Receipts from the last 90 days.">
        <Input name="purchasedOn" type="date" min={minDate} max={maxDate} value={purchasedOn} onChange={(e) => setPurchasedOn(e.target.value)} />
      </Field>
      <Field label="Receipt number (optional)" error={errors.receiptNumber} hint="Helps the business find it; printed on most receipts.">
        <Input name="receiptNumber" autoComplete="off" maxLength={64} value={receiptNumber} onChange={(e) => setReceiptNumber(e.target.value)} />
      </Field>

      {errors.form ? <Alert variant="danger">{errors.form}</Alert> : null}
      <Button type="submit" size="lg" fullWidth loading={pending}>
        {pending ? "Sending…" : "Send receipt"}
      </Button>
    </form>
  );
}
