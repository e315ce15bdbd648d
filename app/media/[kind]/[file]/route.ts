import { route } from "@/lib/http/route";
import { DomainError } from "@/lib/errors";
import { readStoredImage } from "@/lib/uploads/store-image";

/** Logos and cover images of programs: public, immutable (a new upload gets a new key). */
export const GET = route<{ kind: string; file: string }, "none">({ auth: "none" }, async (_req, { params }) => {
  if (params.kind !== "logo" && params.kind !== "cover") throw new DomainError("NOT_FOUND", "No such file.");
  const data = await readStoredImage(`${params.kind}/${params.file}`);
  if (!data) throw new DomainError("NOT_FOUND", "No such file.");
  return new Response(new Uint8Array(data), {
    headers: { "content-type": "image/webp", "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff" },
  });
});
