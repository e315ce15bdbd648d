"use client";

import { useState } from "react";
import { Badge, Button, Field, Input } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

type Shop = "shopify" | "woocommerce";

export interface ShopSecretFormProps {
  providerId: string;
  programId: string;
  shop: Shop;
  label: string;
  /** The input's label, e.g. "Signing key from Shopify". */
  fieldLabel: string;
  hint: string;
  isSet: boolean;
  save: (input: { providerId: string; programId: string; shop: Shop; secret: string }) => Promise<ActionResult<unknown>>;
}

/** Stores a shop's webhook secret. The saved value is never sent back: the form only says whether one is set. */
export function ShopSecretForm({ providerId, programId, shop, label, fieldLabel, hint, isSet, save }: ShopSecretFormProps) {
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={async (event) => {
        event.preventDefault();
        setPending(true);
        setError(null);
        const result = await save({ providerId, programId, shop, secret });
        setPending(false);
        if (result.ok) {
          setSecret("");
          toast.success(`${label} saved.`);
        } else {
          setError(result.error.message);
        }
      }}
    >
      <div className="flex items-center gap-2 text-sm">
        <span className="font-medium">{label}</span>
        {isSet ? (
          <Badge variant="success" dot>
            Set
          </Badge>
        ) : (
          <Badge variant="warning" dot>
            Not set
          </Badge>
        )}
      </div>
      <Field label={fieldLabel} hint={isSet ? `${hint} Saving replaces the current one.` : hint} error={error}>
        <Input type="password" autoComplete="off" spellCheck={false} value={secret} onChange={(e) => setSecret(e.target.value)} name="secret" />
      </Field>
      <div>
        <Button type="submit" size="sm" loading={pending} disabled={secret.trim() === ""}>
          Save
        </Button>
      </div>
    </form>
  );
}
