import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as registerPurchase } from "@/app/api/register/purchases/route";
import { proxy } from "@/proxy";
import { changesState, fromOwnOrigin } from "./origin";
import { route } from "./route";

const OWN = "http://localhost:3000";
const h = (init: Record<string, string>) => new Headers(init);

afterEach(() => vi.unstubAllEnvs());

describe("fromOwnOrigin", () => {
  it("takes the Origin header first: only the app's own origin passes", () => {
    expect(fromOwnOrigin(h({ origin: OWN }), OWN)).toBe(true);
    expect(fromOwnOrigin(h({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }), OWN)).toBe(false);
    expect(fromOwnOrigin(h({ origin: "https://evil.example" }), OWN)).toBe(false);
    // The app opened at another address than APP_URL (127.0.0.1 for localhost): the browser says the page is the
    // server's own, which no other site can make it say.
    expect(fromOwnOrigin(h({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }), OWN)).toBe(true);
    expect(fromOwnOrigin(h({ origin: "null" }), OWN)).toBe(false);
    expect(fromOwnOrigin(h({ origin: "http://localhost:3000.evil.example" }), OWN)).toBe(false);
  });

  it("without Origin falls back to Sec-Fetch-Site, then to the Referer", () => {
    expect(fromOwnOrigin(h({ "sec-fetch-site": "same-origin" }), OWN)).toBe(true);
    expect(fromOwnOrigin(h({ "sec-fetch-site": "cross-site", referer: `${OWN}/x` }), OWN)).toBe(false);
    expect(fromOwnOrigin(h({ "sec-fetch-site": "same-site" }), OWN)).toBe(false);
    expect(fromOwnOrigin(h({ referer: `${OWN}/wallet` }), OWN)).toBe(true);
    expect(fromOwnOrigin(h({ referer: "https://evil.example/" }), OWN)).toBe(false);
    expect(fromOwnOrigin(h({ referer: "not a url" }), OWN)).toBe(false);
  });

  it("a request with none of them is not a browser's, so not a forged one", () => {
    expect(fromOwnOrigin(h({}), OWN)).toBe(true);
  });
});

const post = (url: string, headers: Record<string, string>, body = "{}") => new NextRequest(url, { method: "POST", headers, body });

describe("cookie-authenticated changes from another origin", () => {
  it("POST /api/register/purchases with a foreign Origin is 403 before the session is read", async () => {
    vi.stubEnv("APP_URL", OWN);
    const res = await registerPurchase(post(`${OWN}/api/register/purchases`, { origin: "https://evil.example", "content-type": "application/json" }), { params: Promise.resolve({}) });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).detail).toMatch(/another site/);
  });

  it("only state-changing cookie routes are checked: public routes (webhooks, shops) are not", async () => {
    vi.stubEnv("APP_URL", OWN);
    const open = route({ auth: "none" }, async () => Response.json({ ok: true }));
    expect((await open(post(`${OWN}/x`, { origin: "https://shop.example" }), { params: Promise.resolve({}) })).status).toBe(200);
    expect(["GET", "HEAD", "OPTIONS"].some(changesState)).toBe(false);
    expect(["POST", "PUT", "PATCH", "DELETE"].every(changesState)).toBe(true);
  });

  it("a server action posted from a foreign origin is a 403 at the gate, not Next's 500", async () => {
    vi.stubEnv("APP_URL", OWN);
    const foreign = await proxy(post(`${OWN}/wallet/profile`, { origin: "https://evil.example", "next-action": "7f00" }), {} as never);
    expect(foreign?.status).toBe(403);
    const publicPage = await proxy(post(`${OWN}/p/cafe-aurora`, { origin: "https://evil.example", "next-action": "7f00" }), {} as never);
    expect(publicPage?.status).toBe(403);
    const own = await proxy(post(`${OWN}/p/cafe-aurora`, { origin: OWN, "next-action": "7f00" }), {} as never);
    expect(own?.status).not.toBe(403);
    expect(own?.headers.get("content-security-policy")).toContain("'nonce-");
  });
});
