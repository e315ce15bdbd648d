import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { authFile } from "./support";

/** Serious and critical axe violations on a page, summarised so a failure says what and where. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

test.describe("public pages", () => {
  for (const path of ["/", "/p/cafe-aurora", "/signin", "/signup"]) {
    test(`${path} has no serious accessibility violations`, async ({ page }) => {
      await page.goto(path);
      await expect(page.locator("main").first()).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

test.describe("provider dashboard", () => {
  test.use({ storageState: authFile("owner") });
  for (const path of ["/dashboard", "/dashboard/orders", "/dashboard/members", "/dashboard/staff", "/dashboard/integrations", "/dashboard/settings", "/dashboard/branding", "/dashboard/rules", "/dashboard/activity"]) {
    test(`${path} has no serious accessibility violations`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

test.describe("cash register", () => {
  test.use({ storageState: authFile("cashier") });
  test("/register has no serious accessibility violations", async ({ page }) => {
    await page.goto("/register");
    await expect(page.getByLabel("Member code")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
