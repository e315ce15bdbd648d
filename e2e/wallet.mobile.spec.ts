import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import jsQR from "jsqr";
import sharp from "sharp";
import { authFile, cli, signUp, uniqueEmail, postOrderPaid } from "./support";
import { seriousViolations } from "./screens";

const ARTIFACTS = "e2e/artifacts";
const HOUR = 60 * 60 * 1000;

async function shoot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/** Decodes the QR code on the card page from a screenshot of it. */
async function readQr(page: Page): Promise<string | null> {
  const png = await page.getByTestId("card-qr").screenshot();
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null;
}

test.describe.configure({ mode: "serial" });

/** The detail page of the first test's reward, for the second to try from another account. */
let rewardPath = "";

// One story in serial steps, each well inside the timeout with both cores busy.
test.describe.serial("a member joins, sees a webhook reward arrive pending and become available, shows the card and reads the history", () => {
  let context: BrowserContext;
  let page: Page;
  let email = "";
  let id = "";
  let shopName = "";
  let programId = "";
  let secret: unknown;
  let code = "";
  /** The member's card for the shop on the wallet page. */
  const card = () => page.getByTestId("wallet-program").filter({ hasText: shopName });
  /** The shop's purchase in the history. */
  const line = () => page.getByTestId("history-reward").filter({ hasText: shopName });

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
  });

  test("a new member signs up to an empty wallet", async () => {
    email = uniqueEmail("wallet");
    await signUp(page, { email, password: "wallet-password-1", name: "Wanda Wallet" });
    await expect(page).toHaveURL(/\/wallet$/);
    await expect(page.getByText("No programs yet")).toBeVisible();
  });

  test("the member joins a shop (10% back, one-day hold) from its page and gets a member code", async () => {
    // A shop with 10% back and a one-day hold period, and its signing secret.
    id = randomUUID().slice(0, 8);
    shopName = `Wallet Shop ${id}`;
    const shop = cli("provider:create", "--name", shopName, "--slug", `wallet-${id}`, "--owner-email", `owner-${id}@wallet.test`,
      "--owner-password", "owner-password-1", "--cashback-bps", "1000", "--hold-days", "1");
    programId = String(shop.programId);
    ({ secret } = cli("program:secret", "--program", programId));

    // Join from the program's page.
    await page.goto(`/p/wallet-${id}`);
    await page.getByRole("button", { name: `Join ${shopName}` }).click();
    await expect(page).toHaveURL(/\/wallet$/);
    await expect(card().getByTestId("next-action")).toHaveText("Show your card in store");
    code = (await card().getByTestId("member-code").textContent())?.trim() ?? "";
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  });

  test("the shop's signed order event shows the reward as pending without a reload", async ({ baseURL }) => {
    // The shop's signed order event: the reward shows up as pending without a reload.
    const res = await postOrderPaid(String(baseURL), programId, String(secret), { orderId: `W-${id}`, amount: 4210, currency: "EUR", customer: { email } });
    expect(res.status).toBe(202);
    await expect(card().getByTestId("balance-pending")).toHaveText("€4.21", { timeout: 15_000 });
    await expect(card().getByTestId("balance-available")).toHaveText("€0.00");
    await expect(card().getByTestId("upcoming")).toContainText("€4.21");
  });

  test("the wallet has no serious accessibility violations, in light and dark mode", async () => {
    await shoot(page, "wallet");
    expect(await seriousViolations(page)).toEqual([]);
    // Dark mode follows the system.
    await page.emulateMedia({ colorScheme: "dark" });
    await shoot(page, "wallet-dark");
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "light" });
  });

  test("the hold period ends: the reward becomes available without a reload", async () => {
    // The hold period ends (a test clock a day ahead): available, still without a reload.
    const released = cli("rewards:release-due", "--at", new Date(Date.now() + 25 * HOUR).toISOString());
    expect(Number(released.released)).toBeGreaterThanOrEqual(1);
    await expect(card().getByTestId("balance-available")).toHaveText("€4.21", { timeout: 15_000 });
    await expect(card().getByTestId("balance-pending")).toHaveText("€0.00");
    await expect(card().getByTestId("balance-lifetime")).toHaveText("€4.21");
  });

  test("the card shows a QR code of a payload the register accepts, and the short code", async () => {
    // The card: a QR code of a payload the register accepts, and the short code.
    await card().getByTestId("member-code").click();
    await expect(page).toHaveURL(/\/wallet\/card\?program=/);
    await expect(page.getByTestId("card-code")).toHaveText(code);
    const payload = await readQr(page);
    expect(payload).toMatch(new RegExp(`^BMR1\\.${code.replace("-", "")}\\.\\d+\\.[\\w-]+$`));
    await shoot(page, "card");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the history lists the purchase with its status, amount, program and explanation", async () => {
    // History: the purchase, its status, amount, program and explanation; then its detail page.
    await page.getByRole("navigation", { name: "Wallet tabs" }).getByRole("link", { name: "History" }).click();
    await expect(page).toHaveURL(/\/wallet\/history$/);
    await expect(line()).toContainText("Available");
    await expect(line()).toContainText("€4.21");
    await expect(line()).toContainText("Online order of €42.10");
    await expect(line()).toContainText("10%");
    await shoot(page, "history");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the purchase's detail page shows the order and its status timeline", async () => {
    await line().click();
    await expect(page).toHaveURL(/\/wallet\/history\/[0-9a-f-]{36}$/);
    rewardPath = new URL(page.url()).pathname;
    await expect(page.getByTestId("purchase-details")).toContainText(`W-${id}`);
    const timeline = page.getByTestId("status-timeline");
    await expect(timeline).toContainText("Pending review");
    await expect(timeline).toContainText("Available");
    await expect(timeline).toContainText("hold period ended", { ignoreCase: true });
  });

  test("a filter on another status hides it", async () => {
    // Filters: another status hides it.
    await page.goto("/wallet/history?status=REJECTED");
    await expect(page.getByText("Nothing matches these filters")).toBeVisible();
  });
});

test("a member cannot open another member's purchase by changing the id", async ({ browser }) => {
  expect(rewardPath).toMatch(/^\/wallet\/history\/[0-9a-f-]{36}$/);
  // The demo member, signed in already, tries the first test's purchase.
  const context = await browser.newContext({ storageState: authFile("member"), viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const theirs = await page.goto(rewardPath);
  await expect(page.getByText("No such purchase in your history")).toBeVisible();
  await expect(page.getByTestId("purchase-details")).toHaveCount(0);
  const unknown = await page.goto(`/wallet/history/${randomUUID()}`);
  await expect(page.getByText("No such purchase in your history")).toBeVisible();
  // The same answer as for an id that does not exist: a 404, decided before the page streams.
  expect(theirs?.status()).toBe(404);
  expect(unknown?.status()).toBe(404);
  await context.close();
});

test("the wallet can be added to the home screen: manifest, icons, theme colour", async ({ page, request }) => {
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  const body = (await manifest.json()) as { start_url: string; display: string; icons: { src: string; sizes: string; purpose?: string }[] };
  expect(body).toMatchObject({ start_url: "/wallet", display: "standalone" });
  expect(body.icons.map((i) => `${i.sizes} ${i.purpose ?? "any"}`).sort()).toEqual(["192x192 any", "192x192 maskable", "512x512 any", "512x512 maskable"]);
  for (const icon of [...body.icons.map((i) => i.src), "/icons/apple-touch-icon.png"]) {
    const res = await request.get(icon);
    expect(res.status(), icon).toBe(200);
    expect(res.headers()["content-type"]).toBe("image/png");
  }
  await page.goto("/p/cafe-aurora");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", /manifest\.webmanifest/);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/icons/apple-touch-icon.png");
  await expect(page.locator('meta[name="theme-color"]')).toHaveCount(2);
});
