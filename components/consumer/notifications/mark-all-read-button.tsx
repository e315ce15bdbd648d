"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { CheckCheck } from "lucide-react";
import { Button } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

export function MarkAllReadButton({ markAllRead }: { markAllRead: (input: Record<string, never>) => Promise<ActionResult<unknown>> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="sm"
      variant="outline"
      loading={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await markAllRead({});
          if (!result.ok) return void toast.error(result.error.message);
          router.refresh();
        })
      }
    >
      <CheckCheck aria-hidden /> Mark all read
    </Button>
  );
}
