"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, buttonVariants } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

export interface PublishCardProps {
  providerId: string;
  programId: string;
  slug: string;
  published: boolean;
  /** Only owners may publish or unpublish; others see the state. */
  canPublish: boolean;
  setPublished: (input: { providerId: string; programId: string; published: boolean }) => Promise<ActionResult<{ published: boolean }>>;
}

export function PublishCard({ providerId, programId, slug, published, canPublish, setPublished }: PublishCardProps) {
  const router = useRouter();
  const [confirm, setConfirm] = useState<null | boolean>(null);

  async function apply(next: boolean) {
    const result = await setPublished({ providerId, programId, published: next });
    if (!result.ok) throw new Error(result.error.message);
    toast.success(next ? `Published: /p/${slug} is live` : "Unpublished: only your team can see the page");
    router.refresh();
  }

  return (
    <Card id="publish">
      <CardHeader>
        <div className="flex flex-wrap items-center gap-2">
          <CardTitle as="h2">Program page</CardTitle>
          <Badge variant={published ? "success" : "warning"}>{published ? "Published" : "Not published"}</Badge>
        </div>
        <CardDescription>
          {published ? "Anyone can see your program page and join." : "Your page is hidden: visitors get a “not found” page until you publish it."}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center gap-3">
        <Link href={`/p/${slug}`} className={buttonVariants({ variant: "outline" })}>
          {published ? "View page" : "Preview page"}
        </Link>
        {canPublish ? (
          <Button variant={published ? "ghost" : "primary"} onClick={() => setConfirm(!published)}>
            {published ? "Unpublish" : "Publish program"}
          </Button>
        ) : (
          <p className="text-sm text-muted-foreground">Only an owner can publish or unpublish the page.</p>
        )}
      </CardContent>
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={confirm ? "Publish your program?" : "Unpublish your program?"}
        description={
          confirm
            ? `/p/${slug} becomes public: anyone can see it and join.`
            : `/p/${slug} disappears for visitors. Existing members keep their cashback, but nobody new can join until you publish again.`
        }
        confirmLabel={confirm ? "Publish" : "Unpublish"}
        destructive={confirm === false}
        onConfirm={() => apply(confirm === true)}
      />
    </Card>
  );
}
