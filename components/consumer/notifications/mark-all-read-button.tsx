"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { CheckCheck } from "lucide-react";
import { Button } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import { markAllReadAction } from "@/app/(consumer)/wallet/notifications/actions";

export function MarkAllReadButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="sm"
      variant="outline"
      loading={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await markAllReadAction({});
          if (!result.ok) return void toast.error(result.error.message);
          router.refresh();
        })
      }
    >
      <CheckCheck aria-hidden /> Mark all read
    </Button>
  );
}
