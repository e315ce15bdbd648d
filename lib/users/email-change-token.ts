import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * A signed, self-contained e-mail change link: who, from which address, to which one, until when. No table:
 * the link stops working once the address changed (the "from" no longer matches) or when it expires.
 */
export type EmailChange = { userId: string; from: string; to: string; expiresAt: Date };

export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;

function secret(): string {
  const s = process.env.NEXTAUTH_SECRET;
  if (s) return s;
  if (process.env.NODE_ENV === "production") throw new Error("NEXTAUTH_SECRET must be set");
  return "boomerang-development-email-change-secret";
}

const payloadSchema = z.object({ u: z.string(), f: z.string(), t: z.string(), x: z.number() });

const sign = (body: string) => createHmac("sha256", `email-change:${secret()}`).update(body).digest("base64url");

export function createEmailChangeToken(change: EmailChange): string {
  const body = Buffer.from(JSON.stringify({ u: change.userId, f: change.from, t: change.to, x: change.expiresAt.getTime() })).toString("base64url");
  return `${body}.${sign(body)}`;
}

/** The change a link asks for, or null when it is forged, malformed or expired. */
export function readEmailChangeToken(token: string, now = new Date()): EmailChange | null {
  const [body, signature, ...rest] = token.trim().split(".");
  if (!body || !signature || rest.length > 0 || body.length > 2000) return null;
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.x <= now.getTime()) return null;
  return { userId: parsed.data.u, from: parsed.data.f, to: parsed.data.t, expiresAt: new Date(parsed.data.x) };
}
