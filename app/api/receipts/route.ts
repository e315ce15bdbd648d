import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { submitReceipt } from "@/lib/receipts/submit-receipt";
import { maxImageBytes } from "@/lib/uploads/store-image";

// The photo plus a few form fields: the wrapper stops reading past this.
const MAX_BODY_BYTES = maxImageBytes("receipt") + 64 * 1024;

/**
 * A member sends a receipt (multipart form: image, programId, amount, purchasedOn, receiptNumber?).
 * 201 with the receipt id; 409 for the same photo or details twice; 413 for a photo that is too big.
 */
export const POST = route({ auth: "user", rateLimit: { name: "receipts", limit: 30, windowSeconds: 60 }, maxBodyBytes: MAX_BODY_BYTES }, async (_req, { user, body }) => {
  let form: FormData;
  try {
    form = await body.formData();
  } catch (error) {
    if (error instanceof DomainError && error.code === "PAYLOAD_TOO_LARGE") {
      throw new DomainError("PAYLOAD_TOO_LARGE", `A receipt photo may be at most ${Math.round(maxImageBytes("receipt") / 1024 / 1024)} MB.`, { field: "image" });
    }
    throw new DomainError("VALIDATION", "Send the receipt as a multipart form with the photo in the field \"image\".");
  }
  const image = form.get("image");
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const receipt = await submitReceipt(db, {
    userId: user.id,
    programId: text("programId"),
    amount: text("amount"),
    purchasedOn: text("purchasedOn"),
    receiptNumber: text("receiptNumber"),
    image: image instanceof Blob ? image : null,
  });
  return Response.json(receipt, { status: 201, headers: { "cache-control": "no-store" } });
});
