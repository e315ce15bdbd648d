import { route } from "@/lib/http/route";
import { problem } from "@/lib/http/problem";
import { readReceiptImage } from "@/lib/receipts/read-receipt-image";

/** The receipt photo, for the member who sent it and the staff of its program; 404 for everyone else. */
export const GET = route<{ receiptId: string }, "user">({ auth: "user" }, async (_req, { params, user, requestId }) => {
  const image = await readReceiptImage(user, params.receiptId);
  if (!image) return problem("NOT_FOUND", "No such receipt.", { requestId });
  return new Response(new Uint8Array(image), {
    headers: { "content-type": "image/webp", "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff" },
  });
});
