"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

export function JoinButton({ programId, name, join }: { programId: string; name: string; join: (input: { programId: string }) => Promise<ActionResult<unknown>> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="lg"
      className="w-full"
      loading={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await join({ programId });
          if (!result.ok) return void toast.error(result.error.message);
          toast.success(`Welcome to ${name}!`);
          router.push("/wallet");
        })
      }
    >
      Join {name}
    </Button>
  );
}
