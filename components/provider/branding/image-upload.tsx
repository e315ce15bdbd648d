"use client";

import { useRef, useState } from "react";
import { ImageUp, Trash2 } from "lucide-react";
import { Button } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { cn } from "@/lib/utils/cn";

export interface ImageUploadProps {
  providerId: string;
  programId: string;
  kind: "logo" | "cover";
  label: string;
  hint: string;
  url: string | null;
  onChange: (url: string | null) => void;
}

async function problemMessage(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  const detail = typeof body === "object" && body !== null ? Reflect.get(body, "detail") : undefined;
  return typeof detail === "string" ? detail : `Upload failed (${response.status}).`;
}

/** Uploads at once on choosing a file (the server validates, resizes and replaces the old image). */
export function ImageUpload({ providerId, programId, kind, label, hint, url, onChange }: ImageUploadProps) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const id = `upload-${kind}`;

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.set("providerId", providerId);
    form.set("programId", programId);
    form.set("kind", kind);
    form.set("file", file);
    try {
      const response = await fetch("/dashboard/branding/image", { method: "POST", body: form });
      if (!response.ok) return setError(await problemMessage(response));
      const saved: unknown = await response.json();
      const next = typeof saved === "object" && saved !== null ? Reflect.get(saved, "url") : null;
      onChange(typeof next === "string" ? next : null);
      toast.success(`${label} saved`);
    } catch {
      setError("The upload did not go through; check your connection and try again.");
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }

  async function remove() {
    const q = new URLSearchParams({ providerId, programId, kind });
    const response = await fetch(`/dashboard/branding/image?${q}`, { method: "DELETE" });
    if (!response.ok) throw new Error(await problemMessage(response));
    onChange(null);
    toast.success(`${label} removed`);
  }

  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <div className={cn("grid shrink-0 place-items-center overflow-hidden rounded-lg border border-dashed border-border-strong bg-surface-muted", kind === "logo" ? "size-16" : "h-16 w-40")}>
          {url ? (
            // eslint-disable-next-line @next/next/no-img-element -- already resized WebP from /media
            <img src={url} alt={`Current ${label.toLowerCase()}`} className={cn("size-full", kind === "logo" ? "object-contain" : "object-cover")} />
          ) : (
            <ImageUp aria-hidden className="size-5 text-subtle-foreground" />
          )}
        </div>
        <input
          ref={input}
          id={id}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif,image/avif,image/heic,image/heif"
          className="sr-only"
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
        />
        <Button type="button" variant="outline" size="sm" loading={busy} onClick={() => input.current?.click()}>
          {url ? "Replace" : "Upload"}
        </Button>
        {url ? (
          <Button type="button" variant="ghost" size="sm" disabled={busy} onClick={() => setConfirmRemove(true)}>
            <Trash2 aria-hidden /> Remove
          </Button>
        ) : null}
      </div>
      <p id={`${id}-hint`} className="text-sm text-muted-foreground">
        {hint}
      </p>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm font-medium text-danger">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirmRemove}
        onOpenChange={setConfirmRemove}
        title={`Remove the ${label.toLowerCase()}?`}
        description="It disappears from your program page at once. You can upload a new one any time."
        confirmLabel="Remove"
        destructive
        onConfirm={remove}
      />
    </div>
  );
}
