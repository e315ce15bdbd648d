import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { recordPurchase } from "@/lib/purchases/record-purchase";

const exec = promisify(execFile);
const APP_URL = "https://cashback.example.test";

async function cli(...args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  try {
    const { stdout } = await exec(process.execPath, ["scripts/launch.mjs", "boomerang", ...args], { env: { ...process.env, APP_URL } });
    return { code: 0, json: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, json: JSON.parse(e.stdout || "{}") as Record<string, unknown> };
  }
}

async function provider(slug: string, ...flags: string[]) {
  const { code, json } = await cli("provider:create", "--name", slug, "--slug", slug, "--owner-email", `owner@${slug}.test`, "--owner-password", "owner-password-1", ...flags);
  expect(json).not.toHaveProperty("error");
  expect(code).toBe(0);
  return json as { providerId: string; programId: string };
}

describe("provider:create earning settings", () => {
  it("sets a base percentage, the processing mode and the hold period", async () => {
    const { programId } = await provider("manual-shop", "--cashback-bps", "250", "--mode", "manual", "--hold-days", "0");
    expect(await db.program.findUniqueOrThrow({ where: { id: programId } })).toMatchObject({
      processingMode: "MANUAL",
      holdDays: 0,
      ruleSet: { base: { type: "percentage", bps: 250 } },
    });
  });

  it("defaults to automatic with a 14-day hold", async () => {
    const { programId } = await provider("default-shop");
    expect(await db.program.findUniqueOrThrow({ where: { id: programId } })).toMatchObject({ processingMode: "AUTOMATIC", holdDays: 14 });
  });

  it("refuses out-of-range settings, naming the flag and creating nothing", async () => {
    for (const [flag, value] of [
      ["--cashback-bps", "10001"],
      ["--cashback-bps", "2.5"],
      ["--hold-days", "31"],
      ["--mode", "sometimes"],
    ] as const) {
      const { code, json } = await cli("provider:create", "--name", "Bad", "--slug", "bad-shop", "--owner-email", "owner@bad.test", "--owner-password", "owner-password-1", flag, value);
      expect(code).toBe(1);
      expect(json).toMatchObject({ error: { code: "VALIDATION", message: expect.stringContaining(flag) } });
    }
    expect(await db.provider.count({ where: { slug: "bad-shop" } })).toBe(0);
  }, 60_000);
});

describe("program secrets", () => {
  it("program:secret shows the endpoint and the current secret; program:rotate-secret replaces it", async () => {
    const { programId } = await provider("secret-shop");
    const shown = await cli("program:secret", "--program", programId);
    expect(shown).toMatchObject({
      code: 0,
      json: { programId, secret: expect.stringMatching(/^whsec_/), webhookUrl: `${APP_URL}/api/v1/programs/${programId}/events` },
    });
    expect((await cli("program:secret", "--program", programId)).json.secret).toBe(shown.json.secret);

    const rotated = await cli("program:rotate-secret", "--program", programId);
    expect(rotated).toMatchObject({ code: 0, json: { programId, secret: expect.stringMatching(/^whsec_/), previousValidUntil: expect.any(String) } });
    expect(rotated.json.secret).not.toBe(shown.json.secret);
    expect((await cli("program:secret", "--program", programId)).json.secret).toBe(rotated.json.secret);
  }, 60_000);

  it("names --program when it is not a program", async () => {
    expect(await cli("program:secret", "--program", "00000000-0000-4000-8000-000000000000")).toMatchObject({
      code: 1,
      json: { error: { code: "NOT_FOUND", field: "program", message: expect.stringContaining("--program") } },
    });
  });

  it("takes a slug too, so an unknown one is as unknown as an unknown id; an empty one is malformed", async () => {
    expect(await cli("program:rotate-secret", "--program", "nope")).toMatchObject({ code: 1, json: { error: { code: "NOT_FOUND", message: expect.stringContaining("--program") } } });
    expect(await cli("program:rotate-secret", "--program", " ")).toMatchObject({ code: 1, json: { error: { code: "VALIDATION", message: expect.stringContaining("--program") } } });
  });
});

describe("members, balances and the hold period", () => {
  it("enrols an existing account (rewarding earlier purchases), shows balances, releases due rewards", async () => {
    const { programId } = await provider("hold-shop", "--cashback-bps", "500", "--hold-days", "14");

    const missing = await cli("member:enroll", "--program", programId, "--email", "nobody@hold.test");
    expect(missing).toMatchObject({ code: 1, json: { error: { code: "NOT_FOUND", field: "email", message: expect.stringContaining("--email") } } });

    // A purchase before the customer has joined: kept, and rewarded when they enrol.
    await recordPurchase(db, {
      programId,
      source: "WEBHOOK",
      orderId: "early-1",
      origin: {},
      amountMinor: 10_000n,
      currency: "EUR",
      customer: { email: "mia@hold.test" },
      actor: { type: "WEBHOOK" },
    });
    expect((await cli("member:create", "--email", "Mia@hold.test", "--password", "member-password-1")).code).toBe(0);

    const enrolled = await cli("member:enroll", "--program", programId, "--email", "MIA@hold.test");
    expect(enrolled).toMatchObject({ code: 0, json: { memberId: expect.any(String), memberCode: expect.stringMatching(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/) } });
    // Enrolling again is harmless and returns the same membership.
    expect((await cli("member:enroll", "--program", programId, "--email", "mia@hold.test")).json).toEqual(enrolled.json);
    expect(await db.reward.findFirstOrThrow({ where: { memberId: String(enrolled.json.memberId) } })).toMatchObject({ status: "PENDING", amountMinor: 500n });

    const balance = (email = "mia@hold.test") => cli("member:balance", "--program", programId, "--email", email);
    expect(await balance()).toMatchObject({ code: 0, json: { pending: "500", available: "0", held: "0", lifetime: "500", currency: "EUR" } });
    expect(await balance("stranger@hold.test")).toMatchObject({ code: 1, json: { error: { code: "NOT_FOUND", field: "email" } } });

    // Nothing is due yet; as if 15 days later, the reward is released.
    expect(await cli("rewards:release-due")).toMatchObject({ code: 0, json: { released: 0 } });
    const later = new Date(Date.now() + 15 * 24 * 60 * 60 * 1000).toISOString();
    expect(await cli("rewards:release-due", "--at", later)).toMatchObject({ code: 0, json: { released: 1 } });
    expect(await balance()).toMatchObject({ code: 0, json: { pending: "0", available: "500", held: "0", lifetime: "500" } });

    expect(await cli("rewards:release-due", "--at", "next tuesday")).toMatchObject({ code: 1, json: { error: { code: "VALIDATION", message: expect.stringContaining("--at") } } });
  }, 90_000);
});

describe("program settings commands", () => {
  it("program:list, program:mode and program:shop-secrets", async () => {
    const { programId } = await provider("settings-shop", "--mode", "manual");
    const listed = await cli("program:list");
    expect(listed.code).toBe(0);
    expect(listed.json).toEqual(expect.arrayContaining([expect.objectContaining({ programId, slug: "settings-shop", mode: "MANUAL" })]));

    expect((await cli("program:mode", "--program", programId, "--mode", "automatic")).json).toEqual({ mode: "AUTOMATIC", approved: 0 });
    expect((await cli("program:shop-secrets", "--program", programId, "--shopify", "shpss_0123456789")).json).toEqual({ programId, shopify: true, woocommerce: false });
    const none = await cli("program:shop-secrets", "--program", programId);
    expect(none.code).toBe(1);
    expect(none.json).toMatchObject({ error: { code: "VALIDATION" } });
  }, 60_000);
});
