import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it.each(["/wallet", "/p/cafe-aurora", "/dashboard?x=1"])("keeps %s", (url) => expect(safeCallbackUrl(url)).toBe(url));
  it.each(["https://evil.test", "//evil.test", "/\\evil.test", "javascript:alert(1)", "/signin", "/api/auth/signout", 42, undefined])(
    "drops %s",
    (url) => expect(safeCallbackUrl(url)).toBeUndefined(),
  );
});
