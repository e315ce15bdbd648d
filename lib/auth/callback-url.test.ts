import { describe, expect, it } from "vitest";
import { safeCallbackUrl, safeRedirect } from "./callback-url";

describe("safeCallbackUrl", () => {
  it.each(["/wallet", "/p/cafe-aurora", "/dashboard?x=1", "/join/cafe#top", "/p/caf%C3%A9"])("keeps %s", (url) => expect(safeCallbackUrl(url)).toBe(url));
  it.each(["https://evil.test", "//evil.test", "/\\evil.test", "javascript:alert(1)", "/signin", "/api/auth/signout", 42, undefined])(
    "drops %s",
    (url) => expect(safeCallbackUrl(url)).toBeUndefined(),
  );

  // What the query string `callbackUrl=/%09/evil.example/phish` (and friends) decodes to.
  it.each([
    "/\t/evil.example/phish",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\u0000/evil.example",
    "/\u2028/evil.example",
    "/\u2029x",
    "/ /evil.example",
    "/\u00a0/evil.example",
    "/\\/evil.example",
    "/wallet\r\nSet-Cookie: x=1",
    "/./signin",
    "/%2e/api/auth/signout",
    "/x/../signup",
    "",
    "/".padEnd(2001, "a"),
  ])("only same-origin paths survive: drops %j", (url) => expect(safeCallbackUrl(url)).toBeUndefined());
});

describe("next-auth's redirect callback", () => {
  const baseUrl = "http://localhost:3000";
  it.each([
    ["/wallet", "http://localhost:3000/wallet"],
    ["http://localhost:3000/dashboard?x=1", "http://localhost:3000/dashboard?x=1"],
    // Signing out lands on the sign-in page ("Sign out everywhere" in the profile).
    ["/signin", "http://localhost:3000/signin"],
    ["/\t/evil.example/phish", baseUrl],
    ["http://evil.example/phish", baseUrl],
    ["http://localhost:3000.evil.example/", baseUrl],
    ["//evil.example", baseUrl],
    ["/\u0000", baseUrl],
    ["not a url\n", baseUrl],
  ])("only same-origin paths survive: %j → %s", (url, expected) => expect(safeRedirect({ url, baseUrl })).toBe(expected));
});
