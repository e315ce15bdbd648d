import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { API_CONTENT_SECURITY_POLICY, newNonce, pageContentSecurityPolicy, staticSecurityHeaders } from "./security-headers";

const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe("security headers", () => {
  it("a page's CSP allows scripts only with this request's nonce, and no one may frame the page", () => {
    const csp = directives(pageContentSecurityPolicy({ nonce: "abc123" }));
    expect(csp.get("script-src")).toEqual(expect.arrayContaining(["'self'", "'nonce-abc123'", "'strict-dynamic'"]));
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("development adds only 'unsafe-eval' (React's debugging needs it); HTTPS deployments upgrade requests", () => {
    expect(directives(pageContentSecurityPolicy({ nonce: "n", development: true })).get("script-src")).toContain("'unsafe-eval'");
    expect(directives(pageContentSecurityPolicy({ nonce: "n", https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("every nonce is fresh and unguessable", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("an API answer loads nothing and is framed by no one", () => {
    const csp = directives(API_CONTENT_SECURITY_POLICY);
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("every answer denies framing and sniffing and keeps the referrer to the origin; HSTS only in production", () => {
    const headers = (production: boolean) => Object.fromEntries(staticSecurityHeaders({ production }).map((h) => [h.key, h.value]));
    expect(headers(false)).toEqual({ "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin" });
    expect(headers(true)["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });

  it("next.config sends them on every path and the API policy on /api", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const every = rules.find((r) => r.source === "/:path*");
    expect(every?.headers.map((h) => h.key)).toEqual(expect.arrayContaining(["X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"]));
    expect(rules.find((r) => r.source === "/api/:path*")?.headers).toContainEqual({ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY });
  });
});
