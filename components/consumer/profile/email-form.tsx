"use client";

import { useState, useTransition } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/result";

/** The current address, and a form that sends a confirmation link to a new one. */
export type RequestEmailChange = (input: { newEmail: string; password: string }) => Promise<ActionResult<{ sentTo: string }>>;

export function EmailForm({ email, requestChange }: { email: string; requestChange: RequestEmailChange }) {
  const [editing, setEditing] = useState(false);
  const [newEmail, setNewEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Partial<Record<"newEmail" | "password" | "form", string>>>({});
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  return (
    <div className="space-y-3">
      <div>
        <p className="text-sm font-medium">E-mail</p>
        <p className="text-sm break-all" data-testid="profile-email">
          {email}
        </p>
      </div>
      {sentTo ? (
        <Alert variant="success" title="Check your inbox">
          We sent a link to {sentTo}. Your address changes when you open it (within 24 hours).
        </Alert>
      ) : null}
      {editing ? (
        <form
          className="space-y-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            startTransition(async () => {
              const result = await requestChange({ newEmail, password });
              if (!result.ok) {
                const f = result.error.field;
                return void setErrors(f === "newEmail" || f === "password" ? { [f]: result.error.message } : { form: result.error.message });
              }
              setErrors({});
              setSentTo(result.data.sentTo);
              setEditing(false);
              setNewEmail("");
              setPassword("");
            });
          }}
        >
          <Field label="New e-mail address" error={errors.newEmail}>
            <Input type="email" autoComplete="email" value={newEmail} onChange={(e) => setNewEmail(e.target.value)} />
          </Field>
          <Field label="Your password" error={errors.password}>
            <Input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
          {errors.form ? <Alert variant="danger">{errors.form}</Alert> : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" loading={pending} disabled={!newEmail || !password}>
              Send confirmation link
            </Button>
            <Button type="button" variant="ghost" disabled={pending} onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button size="sm" variant="outline" onClick={() => setEditing(true)}>
          Change e-mail
        </Button>
      )}
    </div>
  );
}
