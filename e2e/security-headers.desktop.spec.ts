import { expect, test, type Page } from "@playwright/test";
import { authFile, type DemoRole } from "./support";

/** Collects CSP refusals (console errors "Refused to …" and securitypolicyviolation events) while a page is used. */
function watchCsp(page: Page): string[] {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Refused to")) refused.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => {
    if (error.message.includes("Content Security Policy")) refused.push(`${page.url()}: ${error.message}`);
  });
  return refused;
}

async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await page.waitForLoadState("load");
  // Hydrated: Next's inline scripts ran (with the nonce), so the client router is there.
  await expect.poll(() => page.evaluate(() => typeof (window as { next?: { version?: string } }).next?.version), { message: `${path} ran Next's scripts` }).toBe("string");
}

test("a page answer carries a nonce CSP, no framing, nosniff, the referrer policy and HSTS", async ({ request }) => {
  const res = await request.get("/");
  const headers = res.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
  // A fresh nonce per request, and it is the one on the page's scripts.
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const again = (await request.get("/")).headers()["content-security-policy"];
  expect(again).not.toContain(`'nonce-${nonce}'`);
  expect(await res.text()).toContain(`nonce="${nonce}"`);
});

test("an API answer carries its own CSP and the same headers", async ({ request }) => {
  const res = await request.get("/api/health");
  const headers = res.headers();
  expect(headers["content-security-policy"]).toContain("default-src 'none'");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("a signed-in page (the withdraw page) cannot be framed", async ({ browser }) => {
  const context = await browser.newContext({ storageState: authFile("member") });
  const res = await context.request.get("/wallet/withdraw");
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  await context.close();
});

const PAGES: [DemoRole | null, string][] = [
  [null, "/"],
  [null, "/p/cafe-aurora"],
  [null, "/signin"],
  [null, "/docs/api"],
  ["member", "/wallet"],
  ["member", "/wallet/withdraw"],
  ["owner", "/dashboard"],
  ["owner", "/dashboard/branding"],
  ["cashier", "/register"],
  ["admin", "/admin"],
];

for (const [role, path] of PAGES) {
  test(`${path} runs under the CSP without a refusal (${role ?? "signed out"})`, async ({ browser }) => {
    const context = await browser.newContext(role ? { storageState: authFile(role) } : {});
    const page = await context.newPage();
    const refused = watchCsp(page);
    await visit(page, path);
    expect(refused).toEqual([]);
    await context.close();
  });
}
