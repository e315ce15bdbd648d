import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { db } from "@/lib/db/client";
import { setProgramImage } from "@/lib/programs/set-program-image";
import { maxImageBytes } from "@/lib/uploads/store-image";

const target = z.object({ providerId: z.uuid("Unknown business"), programId: z.uuid("Unknown program"), kind: z.enum(["logo", "cover"], { error: "Choose logo or cover" }) });

/**
 * Logo and cover uploads (multipart: providerId, programId, kind, file). A route rather than a server action:
 * covers may be 5 MB, above the server actions' body limit. Role and tenant are checked in setProgramImage.
 */
export const POST = route({ auth: "user", rateLimit: { name: "branding-image", limit: 30, windowSeconds: 60 }, maxBodyBytes: maxImageBytes("cover") + 64 * 1024 }, async (req, { user }) => {
  // Refuse an oversized body before reading it (the largest image, a cover, is 5 MB; the rest is form overhead).
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > maxImageBytes("cover") + 64 * 1024) throw new DomainError("PAYLOAD_TOO_LARGE", "An image may be at most 5 MB.", { field: "file" });
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new DomainError("VALIDATION", "Send the image as multipart/form-data.", { field: "file" });
  }
  const { providerId, programId, kind } = target.parse({ providerId: form.get("providerId"), programId: form.get("programId"), kind: form.get("kind") });
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new DomainError("VALIDATION", "Choose an image to upload.", { field: kind });
  const saved = await setProgramImage(db, { providerId, programId, kind, userId: user.id, file });
  return Response.json(saved);
});

/** Removes the logo or cover: /dashboard/branding/image?providerId=…&programId=…&kind=logo */
export const DELETE = route({ auth: "user" }, async (req, { user }) => {
  const q = req.nextUrl.searchParams;
  const { providerId, programId, kind } = target.parse({ providerId: q.get("providerId"), programId: q.get("programId"), kind: q.get("kind") });
  const saved = await setProgramImage(db, { providerId, programId, kind, userId: user.id, file: null });
  return Response.json(saved);
});
