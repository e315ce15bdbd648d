import "server-only";
import QRCode from "qrcode";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { cardPayload } from "./card-token";

export type MemberCard = {
  memberId: string;
  code: string;
  status: "ACTIVE" | "PENDING_PAYMENT" | "SUSPENDED";
  program: { name: string; brandColor: string };
  holderName: string | null;
};

const memberIdSchema = z.uuid();

/** The user's cards, one per program they have not left, oldest membership first. */
export async function listMemberCards(userId: string): Promise<MemberCard[]> {
  const rows = await db.member.findMany({
    where: { userId, status: { not: "LEFT" } },
    orderBy: [{ joinedAt: "asc" }, { id: "asc" }],
    select: { id: true, code: true, status: true, program: { select: { name: true, brandColor: true } }, user: { select: { name: true } } },
  });
  return rows.flatMap((r) => (r.status === "LEFT" ? [] : [{ memberId: r.id, code: r.code, status: r.status, program: r.program, holderName: r.user.name }]));
}

/**
 * A fresh rotating QR payload for one of the user's cards, as an SVG QR code. NOT_FOUND for a card that is
 * not theirs (or left), whatever the reason, so member ids cannot be probed.
 */
export async function issueCardCode(userId: string, memberId: string, now = new Date()) {
  const member = memberIdSchema.safeParse(memberId).success
    ? await db.member.findFirst({ where: { id: memberId, userId, status: { not: "LEFT" } }, select: { id: true, code: true } })
    : null;
  if (!member) throw new DomainError("NOT_FOUND", "You have no card with that id.", { field: "program" });
  const { payload, expiresAt } = cardPayload(member.code, now);
  // Medium error correction survives a cracked screen or glare; the quiet zone is drawn by the card.
  const svg = await QRCode.toString(payload, { type: "svg", errorCorrectionLevel: "M", margin: 0, color: { dark: "#000000", light: "#ffffff" } });
  return { memberId: member.id, code: member.code, payload, expiresAt, svg };
}

export type CardCode = Awaited<ReturnType<typeof issueCardCode>>;
