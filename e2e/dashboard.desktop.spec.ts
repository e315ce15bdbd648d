import { expect, test } from "@playwright/test";
import { authFile } from "./support";

test.describe("provider dashboard pages", () => {
  test.use({ storageState: authFile("owner") });

  test("orders, members, integrations and settings open from the navigation", async ({ page }) => {
    await page.goto("/dashboard");
    for (const [link, heading] of [
      ["Orders", "Orders"],
      ["Members", "Members"],
      ["Staff", "Staff"],
      ["Integrations", "Integrations"],
      ["Settings", "Program settings"],
    ] as const) {
      await page.getByRole("navigation").getByRole("link", { name: link, exact: true }).click();
      await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    }
    await page.goto("/dashboard/members");
    await expect(page.getByText("maya@example.test")).toBeVisible();
  });

  test("a malformed or foreign member id is a 404 page, not an error", async ({ page }) => {
    await page.goto("/dashboard/members/not-a-uuid");
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  });
});

test.describe("cashier", () => {
  test.use({ storageState: authFile("cashier") });
  test("cannot open the settings", async ({ page }) => {
    await page.goto("/dashboard/settings");
    await expect(page).toHaveURL(/\/register$/);
  });
});
