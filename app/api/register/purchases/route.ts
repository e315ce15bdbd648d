import type { NextRequest } from "next/server";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { assertRegisterAccess, registerPurchase } from "@/lib/purchases/register-purchase";

const bodySchema = z.object({
  providerId: z.uuid("Expected the business's id"),
  memberCode: z.string("Expected the member's code").trim().min(1, "Type the member code").max(80, "A member code is 8 letters and digits"),
  amountMinor: z.int("Expected the basket amount as a whole number of minor units (1250 for €12.50)").positive("Must be above zero"),
  receiptId: z.string().trim().min(1).max(100).optional(),
});

async function readJson(req: NextRequest): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new DomainError("VALIDATION", "The body must be a JSON object.");
  }
}

/**
 * The in-store register: a staff member records a sale for a member (by their short code) and gets the
 * reward back. 201 with the reward; 409 for a replayed receipt or the cashier's daily cap.
 */
export const POST = route({ auth: "user", rateLimit: { name: "register", limit: 60, windowSeconds: 60 } }, async (req, { user }) => {
  if (user.roles.staff.length === 0) throw new DomainError("FORBIDDEN", "Only a business's staff can use the cash register.");
  const body = bodySchema.parse(await readJson(req));
  assertRegisterAccess(user.roles, body.providerId);
  const sale = await registerPurchase(db, {
    providerId: body.providerId,
    cashierUserId: user.id,
    memberCode: body.memberCode,
    amountMinor: BigInt(body.amountMinor),
    receiptId: body.receiptId,
  });
  return Response.json({ ...sale, amountMinor: sale.amountMinor.toString() }, { status: 201, headers: { "cache-control": "no-store" } });
});
