"use client";

import { useState } from "react";
import { Check, Copy } from "lucide-react";
import { Alert, Button } from "@/components/ui";
import { toast } from "@/components/ui/toaster";

export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      variant="outline"
      size="sm"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          toast.error("Could not copy: select the text and copy it by hand.");
        }
      }}
    >
      {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
      {copied ? "Copied" : label}
    </Button>
  );
}

/** A value to paste elsewhere: read-only, selectable, with a copy button. */
export function CopyField({ value, label }: { value: string; label: string }) {
  return (
    <div className="flex items-center gap-2">
      <code aria-label={label} className="min-w-0 flex-1 truncate rounded-lg border border-border bg-surface-muted px-3 py-2 font-mono text-sm">
        {value}
      </code>
      <CopyButton value={value} />
    </div>
  );
}

export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="relative">
      <pre aria-label={label} className="overflow-x-auto rounded-lg border border-border bg-surface-muted p-4 pr-24 font-mono text-xs leading-5">
        <code>{code}</code>
      </pre>
      <div className="absolute top-2 right-2">
        <CopyButton value={code} />
      </div>
    </div>
  );
}

/** A secret shown once after it was made: copy it, then say it is stored to dismiss it. */
export function SecretShownOnce({ title, children, value, label, onStored }: { title: string; children: React.ReactNode; value: string; label: string; onStored: () => void }) {
  return (
    <Alert variant="warning" title={title}>
      <div className="flex flex-col gap-3">
        <p>{children}</p>
        <CopyField value={value} label={label} />
        <div>
          <Button variant="outline" size="sm" onClick={onStored}>
            I have stored it
          </Button>
        </div>
      </div>
    </Alert>
  );
}
