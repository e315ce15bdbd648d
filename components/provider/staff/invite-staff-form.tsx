"use client";

import { useState } from "react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Select } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { StaffRole } from "@/lib/db/generated/enums";
import type { Currency } from "@/lib/money/currency";
import { CapCurrencyField, capUnit } from "./cap-currency";
import { ROLE_META, grantableRoles } from "./roles";

type Invite = { providerId: string; email: string; role: StaffRole; dailyCap?: string; dailyCapCurrency?: Currency };
type Outcome = { outcome: "ADDED" | "INVITED"; email: string; role: StaffRole };

export interface InviteStaffFormProps {
  providerId: string;
  actorRole: StaffRole;
  /** The business's program currencies, the first program's first: the daily cap is set in one of them. */
  currencies: Currency[];
  invite: (input: Invite) => Promise<ActionResult<Outcome>>;
}

export function InviteStaffForm({ providerId, actorRole, currencies, invite }: InviteStaffFormProps) {
  const roles = grantableRoles(actorRole);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<StaffRole>("CASHIER");
  const [dailyCap, setDailyCap] = useState("");
  const [capCurrency, setCapCurrency] = useState<Currency>(currencies[0] ?? "EUR");
  const [errors, setErrors] = useState<{ email?: string; role?: string; dailyCap?: string; dailyCapCurrency?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    setErrors({});
    setFormError(null);
    setSent(null);
    setPending(true);
    const result = await invite({ providerId, email, role, dailyCap, dailyCapCurrency: capCurrency });
    setPending(false);
    if (result.ok) {
      setEmail("");
      setDailyCap("");
      const label = ROLE_META[result.data.role].label.toLowerCase();
      if (result.data.outcome === "ADDED") toast.success(`${result.data.email} now has access as ${label}`);
      else setSent(result.data.email);
      return;
    }
    const { field, message } = result.error;
    if (field === "email" || field === "role" || field === "dailyCap" || field === "dailyCapCurrency") setErrors({ [field]: message.replace(`${field}: `, "") });
    else setFormError(message);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Add someone</CardTitle>
        <CardDescription>
          People with a Boomerang account get access at once. Anyone else gets an e-mail inviting them to sign up, and gets access as soon as they confirm their e-mail.
        </CardDescription>
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
          <div className={`grid gap-4 sm:items-start ${currencies.length > 1 ? "sm:grid-cols-[2fr_1fr_1fr_1fr_auto]" : "sm:grid-cols-[2fr_1fr_1fr_auto]"}`}>
            <Field label="E-mail" error={errors.email} required>
              <Input type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="name@example.com" />
            </Field>
            <Field label="Role" error={errors.role} hint={ROLE_META[role].text}>
              <Select value={role} onChange={(e) => setRole(roles.find((r) => r === e.target.value) ?? "CASHIER")}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_META[r].label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={`Daily cap (${capUnit(capCurrency)})`} error={errors.dailyCap} hint="Optional: most cashback they may issue a day at the register.">
              <Input inputMode="decimal" autoComplete="off" value={dailyCap} onChange={(e) => setDailyCap(e.target.value)} placeholder="Program default" />
            </Field>
            <CapCurrencyField label="Cap currency" currencies={currencies} value={capCurrency} onChange={setCapCurrency} error={errors.dailyCapCurrency} />
            <Button type="submit" loading={pending} className="sm:mt-6.5">
              Add
            </Button>
          </div>
          {sent ? (
            <Alert variant="info" title="Invitation sent">
              {sent} has no account yet. We e-mailed them a sign-up link; once they sign up with this e-mail address and confirm it, they get access
              automatically. The invitation waits below until then.
            </Alert>
          ) : null}
          {formError ? <Alert variant="danger">{formError}</Alert> : null}
        </form>
      </CardContent>
    </Card>
  );
}
