import { describe, expect, it } from "vitest";
import { CARD_TTL_WINDOWS, cardPayload, isCardPayload, readCardPayload } from "./card-token";

describe("member card payload", () => {
  const now = new Date("2026-11-22T10:00:30Z");

  it("round-trips the member code while fresh", () => {
    const { payload, expiresAt } = cardPayload("K7QM-4XTR", now);
    expect(isCardPayload(payload)).toBe(true);
    expect(readCardPayload(payload, now)).toEqual({ ok: true, code: "K7QM-4XTR" });
    expect(readCardPayload(payload, new Date(now.getTime() + 60_000))).toEqual({ ok: true, code: "K7QM-4XTR" });
    expect(expiresAt.getTime()).toBeGreaterThan(now.getTime());
  });

  it("stops working after its time, so a screenshot cannot be replayed forever", () => {
    const { payload } = cardPayload("K7QM-4XTR", now);
    expect(readCardPayload(payload, new Date(now.getTime() + CARD_TTL_WINDOWS * 60_000))).toEqual({ ok: false, reason: "expired" });
    // Made "in the future" (a forged clock) is refused too.
    expect(readCardPayload(cardPayload("K7QM-4XTR", new Date(now.getTime() + 10 * 60_000)).payload, now)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses forgeries: another code, another window, a cut signature", () => {
    const { payload } = cardPayload("K7QM-4XTR", now);
    const [p, , w, s = ""] = payload.split(".");
    expect(readCardPayload(`${p}.K7QM4XTS.${w}.${s}`, now)).toEqual({ ok: false, reason: "invalid" });
    expect(readCardPayload(`${p}.K7QM4XTR.${Number(w) + 1}.${s}`, now)).toEqual({ ok: false, reason: "invalid" });
    expect(readCardPayload(`${p}.K7QM4XTR.${w}.${s.slice(1)}`, now)).toEqual({ ok: false, reason: "invalid" });
    expect(readCardPayload("BMR1.nope", now)).toEqual({ ok: false, reason: "invalid" });
    expect(isCardPayload("K7QM-4XTR")).toBe(false);
  });
});
