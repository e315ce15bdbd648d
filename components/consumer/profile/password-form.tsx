"use client";

import { useState, useTransition } from "react";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

type Errors = Partial<Record<"currentPassword" | "newPassword" | "confirm", string>>;

export function PasswordForm({ changePassword }: { changePassword: (input: { currentPassword: string; newPassword: string }) => Promise<ActionResult<unknown>> }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [pending, startTransition] = useTransition();
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Password</CardTitle>
        <CardDescription>At least 10 characters.</CardDescription>
      </CardHeader>
      <CardContent className="p-5 sm:p-6">
        <form
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (next !== confirm) return void setErrors({ confirm: "The two new passwords differ." });
            startTransition(async () => {
              const result = await changePassword({ currentPassword: current, newPassword: next });
              if (!result.ok) {
                const field = result.error.field === "currentPassword" || result.error.field === "newPassword" ? result.error.field : "currentPassword";
                return void setErrors({ [field]: result.error.message });
              }
              setErrors({});
              setCurrent("");
              setNext("");
              setConfirm("");
              toast.success("Password changed. Your other devices are signed out.");
            });
          }}
        >
          <Field label="Current password" error={errors.currentPassword}>
            <Input name="currentPassword" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
          </Field>
          <Field label="New password" error={errors.newPassword}>
            <Input name="newPassword" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
          </Field>
          <Field label="Repeat the new password" error={errors.confirm}>
            <Input name="confirmPassword" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          </Field>
          <Button type="submit" loading={pending} disabled={!current || !next}>
            Change password
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
