import { spawn, type ChildProcess } from "node:child_process";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { DEMO_PASSWORD, USERS, authFile, cli, e2eServerEnv, signIn, uniqueEmail } from "./support";
import { seriousViolations } from "./screens";

async function asAdmin(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: authFile("admin") });
  return context.newPage();
}

/** A signed order.paid event for Bloom Books, as a shop would send it. */
async function sendBloomOrder(request: APIRequestContext) {
  const { programId, secret } = cli("program:secret", "--program", "bloom-books");
  const orderId = `admin-e2e-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const body = JSON.stringify({ type: "order.paid", data: { orderId, amount: 4210, currency: "EUR", customer: { email: "leo@example.test" } } });
  const id = `msg_${orderId}`;
  const now = new Date();
  const answer = await request.post(`/api/v1/programs/${String(programId)}/events`, {
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": new Webhook(String(secret)).sign(id, now, body) },
    data: body,
  });
  return { status: answer.status(), json: (await answer.json()) as Record<string, unknown> };
}

const REASON = `Chargeback review ${Date.now().toString(36)}`;

test.describe.serial("an admin suspends Bloom Books, and reinstates it", () => {
  let bloomUrl = "";

  test("finds Bloom Books in the provider list and suspends it with a reason", async ({ browser }) => {
    const page = await asAdmin(browser);
    await page.goto("/admin?q=bloom");
    await page.getByRole("link", { name: "Bloom Books" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Bloom Books/ })).toBeVisible();
    bloomUrl = new URL(page.url()).pathname;
    expect(bloomUrl).toMatch(/^\/admin\/providers\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: "Suspend" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Reason/).fill(REASON);
    await dialog.getByRole("button", { name: "Suspend" }).click();
    await expect(page.getByText("Suspended: Bloom Books")).toBeVisible();
    await expect(page.getByText(REASON).first()).toBeVisible();
    await page.context().close();
  });

  test("a signed order event is refused with 403 program_suspended", async ({ request }) => {
    const answer = await sendBloomOrder(request);
    expect(answer).toMatchObject({ status: 403, json: { code: "program_suspended" } });
  });

  test("the program page says the program is paused", async ({ page }) => {
    await page.goto("/p/bloom-books");
    await expect(page.getByText("This program is paused.")).toBeVisible();
  });

  test("Bloom's owner sees the banner with the reason on the dashboard", async ({ browser }) => {
    const context = await browser.newContext({ storageState: authFile("bloom") });
    const page = await context.newPage();
    await page.goto("/dashboard");
    await expect(page.getByText("This business is suspended by the platform")).toBeVisible();
    await expect(page.getByText(REASON)).toBeVisible();
    await context.close();
  });

  test("the admin reinstates it and the next event is accepted", async ({ browser, request }) => {
    const page = await asAdmin(browser);
    await page.goto(bloomUrl);
    await page.getByRole("button", { name: "Reinstate" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Reason/).fill("Review closed: nothing found");
    await dialog.getByRole("button", { name: "Reinstate" }).click();
    await expect(page.getByText("Reinstated: Bloom Books")).toBeVisible();
    await page.context().close();
    expect(await sendBloomOrder(request)).toMatchObject({ status: 202, json: { status: "accepted" } });
  });
});

test.describe.serial("support looks up Maya and ends her sessions", () => {
  test("Maya's own session ends when the admin ends all her sessions", async ({ browser }) => {
    const maya = await (await browser.newContext()).newPage();
    await signIn(maya, USERS.member, DEMO_PASSWORD);
    await expect(maya).toHaveURL(/\/wallet$/);

    const page = await asAdmin(browser);
    await page.goto("/admin/people");
    await page.getByLabel("E-mail, name, member code or id").fill(USERS.member);
    await page.getByRole("button", { name: "Look up" }).click();
    await page.getByRole("link", { name: /Maya/ }).click();
    await expect(page.getByText(USERS.member).first()).toBeVisible();
    await page.getByRole("button", { name: "End all sessions" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Reason/).fill("Member reported a lost phone");
    await dialog.getByRole("button", { name: "End all sessions" }).click();
    await expect(page.getByText(`Every session of ${USERS.member} ended.`)).toBeVisible();
    await page.context().close();

    await maya.goto("/wallet");
    await expect(maya).toHaveURL(/\/signin/);
    // The shared member sign-in of the other specs ended too: sign Maya in again and keep that session for them.
    await signIn(maya, USERS.member, DEMO_PASSWORD);
    await expect(maya).toHaveURL(/\/wallet$/);
    await maya.context().storageState({ path: authFile("member") });
    await maya.context().close();
  });
});

// A fresh member of Café Aurora gets a large goodwill credit from the owner, links a bank account and at once
// withdraws more than the approval threshold: the admin sees where the money came from before approving.
test.describe.serial("an admin approves a flagged withdrawal seeing its risk context", () => {
  const email = uniqueEmail("risky");
  const password = "a-long-password-for-e2e";
  const RITA = "e2e/.auth/risky.json";
  let memberUrl = "";

  test("a new account is created", () => {
    expect(cli("member:create", "--email", email, "--password", password, "--name", "Rita Risk")).toMatchObject({ email });
  });

  test("and joins Café Aurora", () => {
    expect(cli("member:enroll", "--program", "cafe-aurora", "--email", email)).toMatchObject({ memberId: expect.any(String) });
  });

  test("Café Aurora's owner finds Rita", async ({ browser }) => {
    const context = await browser.newContext({ storageState: authFile("owner") });
    const page = await context.newPage();
    await page.goto(`/dashboard/members?q=${encodeURIComponent(email)}`);
    await page.getByRole("link", { name: "Rita Risk" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Rita Risk" })).toBeVisible();
    memberUrl = new URL(page.url()).pathname;
    await context.close();
  });

  test("and credits her €300.00 of goodwill", async ({ browser }) => {
    const context = await browser.newContext({ storageState: authFile("owner") });
    const page = await context.newPage();
    await page.goto(memberUrl);
    await page.getByLabel("Amount").fill("300.00");
    await page.getByLabel(/Reason/).first().fill("Wedding catering went wrong");
    await page.getByRole("button", { name: "Give goodwill credit" }).click();
    await page.getByRole("dialog", { name: "Credit €300.00 to Rita Risk?" }).getByRole("button", { name: "Credit" }).click();
    await expect(page.getByText("Available now: €300.00")).toBeVisible();
    await context.close();
  });

  test("Rita signs in", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, password);
    await expect(page).toHaveURL(/\/wallet$/);
    await context.storageState({ path: RITA });
    await context.close();
  });

  test("and links a bank account", async ({ browser }) => {
    const context = await browser.newContext({ storageState: RITA });
    const page = await context.newPage();
    await page.goto("/wallet/accounts");
    await page.getByRole("button", { name: "Link an account" }).first().click();
    const link = page.getByRole("dialog", { name: "Link a test bank" });
    await link.getByLabel("Houndstooth Bank").check();
    await link.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByTestId("linked-account").filter({ hasText: "Houndstooth Bank" })).toBeVisible();
    await context.close();
  });

  test("Rita asks to withdraw €260.00", async ({ browser }) => {
    const context = await browser.newContext({ storageState: RITA });
    const page = await context.newPage();
    await page.goto("/wallet/withdraw");
    await page.getByLabel(/Amount/).fill("260.00");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("dialog", { name: "Withdraw this amount?" }).getByRole("button", { name: "Withdraw" }).click();
    await expect(page.getByText("Check your e-mail")).toBeVisible();
    await context.close();
  });

  test("Rita confirms it by e-mail and it waits for review", async ({ browser }) => {
    const context = await browser.newContext({ storageState: RITA });
    const page = await context.newPage();
    await page.goto("/dev/outbox");
    const mail = page.getByTestId("outbox-message").filter({ hasText: `To ${email}` }).filter({ hasText: "Confirm your withdrawal of €260.00" }).first();
    const href = await mail.getByRole("link", { name: /\/wallet\/withdraw\/confirm\?token=/ }).getAttribute("href");
    await page.goto(href ?? "");
    await page.getByRole("button", { name: "Confirm withdrawal" }).click();
    await expect(page.getByTestId("withdrawal").first().getByText("Being reviewed")).toBeVisible();
    await context.close();
  });

  test("the risk review lists it as funded by a goodwill credit", async ({ browser }) => {
    const page = await asAdmin(browser);
    await page.goto("/admin/risk");
    await expect(page.getByRole("row", { name: new RegExp(email) }).getByText("Funded by a goodwill credit")).toBeVisible();
    await page.context().close();
  });

  test("the withdrawals page shows where the money came from, and has no serious accessibility violations", async ({ browser }) => {
    const page = await asAdmin(browser);
    await page.goto("/admin/withdrawals");
    const card = page.getByTestId("withdrawal-risk").filter({ hasText: `€260.00 to ${email}` });
    await expect(card.getByText("Funded by a goodwill credit")).toBeVisible();
    await expect(card.getByText(/Wedding catering went wrong/).first()).toBeVisible();
    await expect(card.getByText("Bank account linked that day")).toBeVisible();
    await expect(card.getByText("New member")).toBeVisible();
    await expect(card.getByText("Funded just before the request")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  test("the admin approves it, with a reason", async ({ browser }) => {
    const page = await asAdmin(browser);
    await page.goto("/admin/withdrawals");
    const card = page.getByTestId("withdrawal-risk").filter({ hasText: `€260.00 to ${email}` });
    await card.getByRole("button", { name: "Approve" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Approve" }).click();
    await expect(dialog.getByText("Give a reason (at least 3 characters)")).toBeVisible();
    await dialog.getByLabel(/Reason/).fill("Phoned the owner: the credit is genuine");
    await dialog.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByText(`Approved: €260.00 to ${email}`)).toBeVisible();
    await expect(page.getByTestId("withdrawal-risk").filter({ hasText: `€260.00 to ${email}` })).toHaveCount(0);
    await page.context().close();
  });
});

// The e2e server is `next start` without the background worker: this story runs one beside it, as
// `npm run worker` would, for as long as it lasts.
test.describe.serial("an admin runs the ledger reconciliation from the console", () => {
  let worker: ChildProcess | undefined;
  test.beforeAll(async () => {
    const started = spawn(process.execPath, ["scripts/launch.mjs", "worker"], { env: { ...process.env, ...e2eServerEnv() }, stdio: ["ignore", "pipe", "pipe"] });
    worker = started;
    await new Promise<void>((resolve, reject) => {
      let out = "";
      started.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("[worker] running")) resolve();
      });
      started.on("exit", (code) => reject(new Error(`the worker exited (${String(code)}): ${out}`)));
    });
  });
  test.afterAll(() => {
    worker?.kill("SIGTERM");
  });

  test("the result is listed once the worker has run the job", async ({ browser }) => {
    const page = await asAdmin(browser);
    await page.goto("/admin/ledger");
    const before = await page.getByTestId("reconciliation-row").count();
    await page.getByRole("button", { name: "Run reconcile" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Reason/).fill("End-to-end check");
    await dialog.getByRole("button", { name: "Run reconcile" }).click();
    await expect(page.getByText(/Reconcile requested/)).toBeVisible();
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId("reconciliation-row").count();
        },
        { timeout: 15_000, intervals: [1_000] },
      )
      .toBeGreaterThan(before);
    await expect(page.getByTestId("reconciliation-row").first().getByText("balanced")).toBeVisible();
    await page.context().close();
  });
});

test.describe("every admin page has no serious accessibility violations", () => {
  test.use({ storageState: authFile("admin") });
  for (const path of ["/admin", "/admin/overview", "/admin/people", "/admin/ledger", "/admin/audit", "/admin/risk", "/admin/withdrawals"]) {
    test(path, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test("a provider, a person and a ledger transaction", async ({ page }) => {
    await page.goto("/admin?q=cafe");
    await page.getByRole("link", { name: "Café Aurora" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Café Aurora/ })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`/admin/people?q=${encodeURIComponent(USERS.member)}`);
    await page.getByRole("link", { name: /Maya/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("link", { name: /^#\d+/ }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: /Transaction #/ })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
