"use client";

import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Select } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

type Payload = { providerId: string; enabled: boolean; timeZone: string; sendTime: string };

export interface DigestSettingsFormProps {
  providerId: string;
  initial: { enabled: boolean; timeZone: string; sendTime: string };
  /** IANA zones to choose from (the server's Intl list). */
  zones: string[];
  save: (input: Payload) => Promise<ActionResult<{ enabled: boolean; timeZone: string; sendMinute: number }>>;
}

const noSubscribe = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The staff member's own daily digest: on or off, at a local time, in a time zone (the browser's until saved). */
export function DigestSettingsForm({ providerId, initial, zones, save }: DigestSettingsFormProps) {
  const router = useRouter();
  const browser = useSyncExternalStore(noSubscribe, browserZone, () => null);
  const [enabled, setEnabled] = useState(initial.enabled);
  const [sendTime, setSendTime] = useState(initial.sendTime);
  const [chosenZone, setChosenZone] = useState<string | null>(initial.enabled ? initial.timeZone : null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  // Until the person turns it on, suggest the browser's zone rather than the stored default.
  const timeZone = chosenZone ?? (browser && zones.includes(browser) ? browser : initial.timeZone);
  const options = zones.includes(timeZone) ? zones : [timeZone, ...zones];

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await save({ providerId, enabled, timeZone, sendTime });
      if (!result.ok) {
        setError({ field: result.error.field, message: result.error.message });
        return;
      }
      toast.success(enabled ? `Daily digest on: every day at ${sendTime} (${timeZone})` : "Daily digest off");
      router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Your daily digest</CardTitle>
        <CardDescription>Yesterday at a glance, by e-mail, once a day. Only you get it: each person on the team chooses for themselves.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2">
          <label className="flex items-center gap-2 text-sm font-medium sm:col-span-2">
            <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} className="size-4 accent-brand" />
            E-mail me the daily digest
          </label>
          <Field label="Send at" hint="Your local time, 24-hour" error={error?.field === "sendTime" ? error.message : undefined}>
            <Input type="time" name="sendTime" value={sendTime} onChange={(e) => setSendTime(e.target.value)} required step={60} />
          </Field>
          <Field label="Time zone" hint="Yesterday and the send time are read in this zone" error={error?.field === "timeZone" ? error.message : undefined}>
            <Select name="timeZone" value={timeZone} onChange={(e) => setChosenZone(e.target.value)}>
              {options.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll("_", " ")}
                </option>
              ))}
            </Select>
          </Field>
          {error && !error.field ? (
            <p role="alert" className="text-sm text-danger sm:col-span-2">
              {error.message}
            </p>
          ) : null}
          <div className="sm:col-span-2">
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save digest settings"}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
