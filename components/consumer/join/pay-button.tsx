"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

/** Starts Stripe Checkout for a paid membership and sends the browser there. */
export function PayButton({ programId, label, start }: { programId: string; label: string; start: (input: { programId: string }) => Promise<ActionResult<{ url: string | null }>> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="lg"
      className="w-full"
      loading={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await start({ programId });
          if (!result.ok) return void toast.error(result.error.message);
          if (result.data.url) window.location.assign(result.data.url);
          else router.push("/wallet");
        })
      }
    >
      {label}
    </Button>
  );
}
