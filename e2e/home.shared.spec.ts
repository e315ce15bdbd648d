import { expect, test } from "@playwright/test";

test("'Start a cashback program' takes a visitor to sign-up, then on to onboarding", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Start a cashback program for your business" }).click();
  await expect(page).toHaveURL(/\/signup\?callbackUrl=%2Fonboarding$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
