import "server-only";
import QRCode from "qrcode";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency, VoucherStatus } from "@/lib/db/generated/enums";
import { memberBalances } from "@/lib/ledger";

export type MemberVoucher = {
  id: string;
  code: string;
  program: { id: string; name: string; brandColor: string };
  currency: Currency;
  amountMinor: bigint;
  /** As the member should read it: an ACTIVE voucher past its expiry is EXPIRED, even before the job ran. */
  status: VoucherStatus;
  expiresAt: Date;
  createdAt: Date;
};

const SELECT = {
  id: true,
  code: true,
  currency: true,
  amount: true,
  status: true,
  expiresAt: true,
  createdAt: true,
  program: { select: { id: true, name: true, brandColor: true } },
} as const;

type Row = { id: string; code: string; currency: Currency; amount: bigint; status: VoucherStatus; expiresAt: Date; createdAt: Date; program: MemberVoucher["program"] };

function viewOf(v: Row, now: Date): MemberVoucher {
  const status = v.status === "ACTIVE" && v.expiresAt.getTime() <= now.getTime() ? "EXPIRED" : v.status;
  return { id: v.id, code: v.code, program: v.program, currency: v.currency, amountMinor: v.amount, status, expiresAt: v.expiresAt, createdAt: v.createdAt };
}

/** The user's vouchers still usable at a till or checkout, soonest to expire first. */
export async function listMemberVouchers(db: DbOrTx, userId: string, now = new Date()): Promise<MemberVoucher[]> {
  const rows = await db.voucher.findMany({
    where: { member: { userId }, status: "ACTIVE", expiresAt: { gt: now } },
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
    select: SELECT,
  });
  return rows.map((r) => viewOf(r, now));
}

/** One of the user's vouchers, whatever its state; null for another member's, an unknown or a malformed id (the same answer). */
export async function getMemberVoucher(db: DbOrTx, userId: string, voucherId: string, now = new Date()): Promise<MemberVoucher | null> {
  if (!/^[0-9a-f-]{36}$/i.test(voucherId)) return null;
  const row = await db.voucher.findFirst({ where: { id: voucherId, member: { userId } }, select: SELECT });
  return row ? viewOf(row, now) : null;
}

/** The voucher's code as a QR code (SVG) for the till's scanner; the code itself is typed as printed. */
export function voucherQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { type: "svg", errorCorrectionLevel: "M", margin: 0, color: { dark: "#000000", light: "#ffffff" } });
}

export type VoucherProgram = { programId: string; name: string; currency: Currency; availableMinor: bigint };

/** The programs the user can make a voucher in (active memberships), with what is available to put on one. */
export async function listVoucherPrograms(db: DbOrTx, userId: string): Promise<VoucherProgram[]> {
  const members = await db.member.findMany({
    where: { userId, status: "ACTIVE" },
    orderBy: [{ joinedAt: "asc" }, { id: "asc" }],
    select: { id: true, program: { select: { id: true, name: true, currency: true } } },
  });
  const balances = await memberBalances(
    db,
    members.map((m) => m.id),
  );
  return members.map((m) => ({ programId: m.program.id, name: m.program.name, currency: m.program.currency, availableMinor: balances.get(m.id)?.available ?? 0n }));
}
