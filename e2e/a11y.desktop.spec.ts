import { expect, test } from "@playwright/test";
import { authFile } from "./support";
import { seriousViolations } from "./screens";

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
