import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { cli, signIn, uniqueEmail } from "./support";

const PASSWORD = "a-long-password-for-accounts";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
}

/** A member signed in on a second device, whose session the test expects to end. */
async function secondDevice(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/wallet$/);
  return { context, page };
}

test("the profile lists recent sign-ins, and 'Sign out everywhere' ends every session", async ({ page, browser }) => {
  const email = uniqueEmail("everywhere");
  cli("member:create", "--email", email, "--password", PASSWORD);
  const other = await secondDevice(browser, email, PASSWORD);

  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/wallet$/);
  await page.goto("/wallet/profile");
  const signIns = page.getByRole("list", { name: "Recent sign-ins" });
  await expect(signIns.getByTestId("sign-in-row")).toHaveCount(2);
  await expect(signIns.getByTestId("sign-in-row").first()).toContainText("This device");
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole("button", { name: "Sign out everywhere…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/wallet");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await other.page.goto("/wallet");
  await expect(other.page).toHaveURL(/\/signin\?callbackUrl=/);
  await other.context.close();
});

test("changing the password signs out the other devices and keeps this one", async ({ page, browser }) => {
  const email = uniqueEmail("newpass");
  cli("member:create", "--email", email, "--password", PASSWORD);
  const other = await secondDevice(browser, email, PASSWORD);

  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/wallet$/);
  await page.goto("/wallet/profile");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("another-long-password");
  await page.getByLabel("Repeat the new password").fill("another-long-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. Your other devices are signed out.")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { name: "Profile" })).toBeVisible();
  await other.page.goto("/wallet");
  await expect(other.page).toHaveURL(/\/signin\?callbackUrl=/);
  await other.context.close();
});
