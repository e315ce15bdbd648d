import { describe, expect, it } from "vitest";
import { nextAttemptAt, RETRY_FOR_MS } from "./deliver";
import { checkEndpointUrl, isForbiddenAddress } from "./url-policy";

describe("addresses a webhook may never reach in production", () => {
  it.each(["127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "64:ff9b::10.0.0.1", "not-an-ip"])("%s is forbidden", (a) => {
    expect(isForbiddenAddress(a)).toBe(true);
  });
  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("%s is allowed", (a) => {
    expect(isForbiddenAddress(a)).toBe(false);
  });

  it("strict URLs: https, public hosts, no credentials; loose (demo) URLs: http and loopback too", () => {
    expect(checkEndpointUrl("https://hooks.example.com/x", { strict: true }).toString()).toBe("https://hooks.example.com/x");
    for (const url of ["http://hooks.example.com/x", "https://localhost/x", "https://intranet/x", "https://db.internal/x", "https://[fd00::1]/x", "https://u:p@hooks.example.com/x", "not a url"]) {
      expect(() => checkEndpointUrl(url, { strict: true }), url).toThrow();
    }
    expect(checkEndpointUrl("http://127.0.0.1:3000/x", { strict: false }).hostname).toBe("127.0.0.1");
    expect(() => checkEndpointUrl("ftp://example.com", { strict: false })).toThrow();
  });
});

describe("the retry schedule", () => {
  it("waits about 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h, and stops after 3 days", () => {
    const created = new Date("2026-12-01T00:00:00Z");
    let at = created;
    const gaps: number[] = [];
    for (let attempts = 1; ; attempts++) {
      const next = nextAttemptAt(created, attempts, at);
      if (!next) break;
      gaps.push(next.getTime() - at.getTime());
      at = next;
    }
    const h = 3600_000;
    expect(gaps.slice(0, 7)).toEqual([5_000, 5 * 60_000, 30 * 60_000, 2 * h, 5 * h, 10 * h, 10 * h]);
    expect(at.getTime() - created.getTime()).toBeLessThanOrEqual(RETRY_FOR_MS);
    expect(at.getTime() - created.getTime()).toBeGreaterThan(RETRY_FOR_MS - 10 * h);
  });
});
