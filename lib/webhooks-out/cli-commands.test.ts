import { describe, expect, it } from "vitest";
import { aProgram } from "@/tests/support/programs";
import { refusal } from "@/tests/support/refusal";
import { EVENT_TYPES } from "./events";
import { webhookCommands } from "./cli-commands";

const run = (name: string, values: Record<string, string | undefined>) => webhookCommands[name]!.run(values);

describe("operator CLI: webhooks:add / list / remove", () => {
  it("adds an endpoint printing {id, secret}, lists it without the secret, removes it", async () => {
    const shop = await aProgram();
    const added = (await run("webhooks:add", { program: shop.programId, url: "https://crm.example.com/hooks", events: "reward.available, member.joined" })) as Record<string, string>;
    expect(Object.keys(added).sort()).toEqual(["id", "secret"]);
    expect(added.secret).toMatch(/^whsec_/);
    const all = (await run("webhooks:add", { program: shop.programId, url: "https://crm.example.com/all" })) as { id: string };
    const listed = (await run("webhooks:list", { program: shop.programId })) as { id: string; events: string[] }[];
    expect(listed.map((e) => [e.id, e.events])).toEqual([
      [added.id, ["reward.available", "member.joined"]],
      [all.id, [...EVENT_TYPES]],
    ]);
    expect(JSON.stringify(listed)).not.toContain("whsec_");
    expect(await run("webhooks:remove", { endpoint: added.id })).toEqual({ id: added.id, deleted: true });
    expect(((await run("webhooks:list", { program: shop.programId })) as unknown[]).length).toBe(1);
  });

  it("names the flag of a bad input", async () => {
    const shop = await aProgram();
    const badEvent = await refusal(run("webhooks:add", { program: shop.programId, url: "https://crm.example.com/x", events: "order.paid" }));
    expect([badEvent.code, badEvent.field]).toEqual(["VALIDATION", "events"]);
    const badUrl = await refusal(run("webhooks:add", { program: shop.programId, url: "ftp://x" }));
    expect([badUrl.code, badUrl.field]).toEqual(["VALIDATION", "url"]);
    const unknown = await refusal(run("webhooks:remove", { endpoint: "00000000-0000-4000-8000-000000000000" }));
    expect(unknown.code).toBe("NOT_FOUND");
  });
});
