"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button, Card, CardContent, CardHeader, CardTitle, Field, Input } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { EmailForm, type RequestEmailChange } from "./email-form";

export function NameForm({
  name,
  email,
  updateName,
  requestEmailChange,
}: {
  name: string | null;
  email: string;
  updateName: (input: { name: string }) => Promise<ActionResult<unknown>>;
  requestEmailChange: RequestEmailChange;
}) {
  const router = useRouter();
  const [value, setValue] = useState(name ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Your details</CardTitle>
      </CardHeader>
      <CardContent className="space-y-4 p-5 sm:p-6">
        <form
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            startTransition(async () => {
              const result = await updateName({ name: value });
              if (!result.ok) return void setError(result.error.message.replace(/^name: /, ""));
              setError(null);
              toast.success("Name saved");
              router.refresh();
            });
          }}
        >
          <Field label="Name" error={error} hint="Shown to the businesses whose programs you joined.">
            <Input name="name" autoComplete="name" maxLength={100} value={value} onChange={(e) => setValue(e.target.value)} />
          </Field>
          <Button type="submit" loading={pending} disabled={value.trim() === (name ?? "")}>
            Save name
          </Button>
        </form>
        <div className="border-t border-border pt-4">
          <EmailForm email={email} requestChange={requestEmailChange} />
        </div>
      </CardContent>
    </Card>
  );
}
