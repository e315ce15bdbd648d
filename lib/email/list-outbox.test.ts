import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { hideTokens, listOutbox } from "./list-outbox";

describe("the outbox read by an admin in production hides one-time tokens", () => {
  it("links keep their page but lose the token; other text is untouched", () => {
    expect(hideTokens("Confirm: https://app.example/verify?token=abc123&callbackUrl=%2Fwallet now")).toBe("Confirm: https://app.example/verify?token=[hidden]&callbackUrl=%2Fwallet now");
    expect(hideTokens("https://app.example/wallet/withdraw/confirm?token=t0k3n")).toBe("https://app.example/wallet/withdraw/confirm?token=[hidden]");
    expect(hideTokens("Your balance is €4.21")).toBe("Your balance is €4.21");
  });

  it("listOutbox hides them when asked, and shows them on a development install", async () => {
    const to = `outbox-${randomUUID()}@example.test`;
    await db.emailMessage.create({ data: { to, subject: "Reset your password", text: "Open https://app.example/reset-password?token=secret-token-1 within an hour.", transport: "outbox" } });
    expect((await listOutbox({ to, hideTokens: true }))[0]!.text).not.toContain("secret-token-1");
    expect((await listOutbox({ to }))[0]!.text).toContain("secret-token-1");
  });
});
