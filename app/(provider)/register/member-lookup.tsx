"use client";

import { useState, useTransition } from "react";
import { Alert, Button, Card, CardContent, Field, Input } from "@/components/ui";
import { lookupMemberAction } from "./actions";

type Found = { memberId: string; code: string; program: string; firstName: string };

export function MemberLookup({ providerId }: { providerId: string }) {
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Card>
      <CardContent className="space-y-4 p-5">
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            const code = String(new FormData(event.currentTarget).get("code") ?? "");
            startTransition(async () => {
              const result = await lookupMemberAction({ providerId, code });
              setFound(result.ok ? result.data : null);
              setError(result.ok ? null : result.error.message);
            });
          }}
        >
          <Field label="Member code" htmlFor="code" error={error ?? undefined}>
            <Input id="code" name="code" autoComplete="off" autoCapitalize="characters" placeholder="K7QM-4XTR" inputMode="text" />
          </Field>
          <Button type="submit" size="lg" className="w-full" loading={pending}>
            Find member
          </Button>
        </form>
        {found ? (
          <Alert variant="success" title={`${found.firstName} · ${found.code}`}>
            Member of {found.program}.
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
