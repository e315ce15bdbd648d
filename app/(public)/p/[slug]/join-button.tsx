"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import { joinProgramAction } from "./actions";

export function JoinButton({ programId, name }: { programId: string; name: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="lg"
      className="w-full"
      loading={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await joinProgramAction({ programId });
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
