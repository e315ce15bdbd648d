import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { screenshots, seriousViolations } from "./screens";
import { authFile } from "./support";

/**
 * Outbound webhooks, seen from Café Aurora's dashboard: the owner adds an endpoint (a receiver started here, on
 * loopback: the e2e server is a demo install), sends a test event, finds it in the delivery log and redelivers it.
 */

test.use({ storageState: authFile("owner") });

type Received = { id: string; type: string; verified: boolean };
const received: Received[] = [];
let secret = "";
let server: http.Server;
let receiverUrl = "";

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = { "webhook-id": String(req.headers["webhook-id"]), "webhook-timestamp": String(req.headers["webhook-timestamp"]), "webhook-signature": String(req.headers["webhook-signature"]) };
      let verified = false;
      try {
        new Webhook(secret).verify(body, headers);
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ id: headers["webhook-id"], type: (JSON.parse(body) as { type: string }).type, verified });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ received: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/boomerang/${Date.now().toString(36)}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test.describe.serial("an owner adds a webhook endpoint, sends a test event, sees it in the log and redelivers it", () => {
  test("adds an endpoint; its signing secret is shown", async ({ page }) => {
    await page.goto("/dashboard/integrations/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    const form = page.getByRole("form", { name: "Add an endpoint" });
    await form.getByLabel("Endpoint URL").fill(receiverUrl);
    await form.getByLabel("Description").fill("Order page");
    await expect(form.getByRole("checkbox", { name: "reward.pending" })).toBeChecked();
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("Copy the signing secret now")).toBeVisible();
    secret = ((await page.getByLabel("New signing secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^whsec_/);
  });

  test("sends a test event that the receiver verifies", async ({ page }) => {
    await page.goto("/dashboard/integrations/webhooks");
    const endpoint = page.getByRole("listitem", { name: `Endpoint ${receiverUrl}` });
    await endpoint.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText("Test event delivered")).toBeVisible();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ type: "webhook.test", verified: true });
  });

  test("finds it in the delivery log and redelivers it with the same webhook-id", async ({ page }) => {
    const id = received[0]!.id;
    await page.goto("/dashboard/integrations/webhooks?event=webhook.test&outcome=succeeded");
    const row = page.getByRole("row").filter({ hasText: id });
    await expect(row).toHaveCount(1);
    await expect(row.getByText("Succeeded")).toBeVisible();
    await expect(row.getByRole("cell", { name: "200", exact: true })).toBeVisible();
    await row.getByRole("button", { name: `Redeliver webhook.test ${id}` }).click();
    await expect(page.getByText("Redelivered: your endpoint answered 2xx.")).toBeVisible();
    expect(received.map((r) => r.id)).toEqual([id, id]);
    expect(received[1]!.verified).toBe(true);
  });

  test("the log shows both attempts, and the page passes the accessibility check", async ({ page }) => {
    await page.goto("/dashboard/integrations/webhooks?event=webhook.test");
    await expect(page.getByRole("row").filter({ hasText: received[0]!.id })).toHaveCount(2);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the page at a phone's and a desktop's size", async ({ page }, testInfo) => {
    await page.goto("/dashboard/integrations/webhooks");
    await expect(page.getByRole("heading", { name: "Delivery log" })).toBeVisible();
    await screenshots(page, testInfo, "outbound-webhooks");
  });
});
