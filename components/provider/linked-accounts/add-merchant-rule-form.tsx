"use client";

import { useState } from "react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Select } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

type Kind = "NAME" | "ENTITY_ID";
type Rule = { id: string; kind: Kind; pattern: string };

export interface AddMerchantRuleFormProps {
  providerId: string;
  programs: { id: string; name: string }[];
  add: (input: { providerId: string; programId: string; kind: Kind; pattern: string }) => Promise<ActionResult<Rule>>;
}

const HINT: Record<Kind, string> = {
  NAME: "Case and accents do not matter. End with * to match every name that starts so.",
  ENTITY_ID: "Plaid's merchant_entity_id for your business, matched exactly.",
};

export function AddMerchantRuleForm({ providerId, programs, add }: AddMerchantRuleFormProps) {
  const [programId, setProgramId] = useState(programs[0]?.id ?? "");
  const [kind, setKind] = useState<Kind>("NAME");
  const [pattern, setPattern] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    setFieldError(null);
    setFormError(null);
    setPending(true);
    const result = await add({ providerId, programId, kind, pattern });
    setPending(false);
    if (result.ok) {
      setPattern("");
      toast.success(`Rule added: ${result.data.pattern}`);
      return;
    }
    if (result.error.field === "pattern") setFieldError(result.error.message.replace(/^pattern: /, ""));
    else setFormError(result.error.message);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Add a merchant rule</CardTitle>
        <CardDescription>How we recognise your shop in members&apos; card transactions.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="space-y-4"
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            await submit();
          }}
        >
          <div className="grid gap-4 sm:grid-cols-[1fr_2fr_auto] sm:items-start">
            <Field label="Match by">
              <Select value={kind} onChange={(e) => setKind(e.target.value === "ENTITY_ID" ? "ENTITY_ID" : "NAME")}>
                <option value="NAME">Merchant name</option>
                <option value="ENTITY_ID">Plaid merchant id</option>
              </Select>
            </Field>
            <Field label={kind === "NAME" ? "Merchant name" : "Merchant id"} error={fieldError ?? undefined} hint={HINT[kind]} required>
              <Input value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder={kind === "NAME" ? "Cafe Aurora*" : "eyg8o776k0QmNgVpAmaQj4WgzW9Qzo6O51gdd"} autoComplete="off" />
            </Field>
            <Button type="submit" loading={pending} className="sm:mt-6.5">
              Add rule
            </Button>
          </div>
          {programs.length > 1 ? (
            <Field label="Program">
              <Select value={programId} onChange={(e) => setProgramId(e.target.value)}>
                {programs.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
          {formError ? <Alert variant="danger">{formError}</Alert> : null}
        </form>
      </CardContent>
    </Card>
  );
}
