import { expect, test } from "@playwright/test";
import { screenshots, seriousViolations } from "./screens";
import { authFile } from "./support";

test.describe("the business dashboard on a phone", () => {
  test.use({ storageState: authFile("owner") });

  test("the navigation collapses into a menu that works with the keyboard and closes on navigation", async ({ page }, testInfo) => {
    await page.goto("/dashboard");
    const menu = page.getByRole("button", { name: "Menu" });
    const nav = page.getByRole("navigation", { name: "Café Aurora navigation" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toHaveCount(0);

    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav.getByRole("list", { name: "Money" }).getByRole("link", { name: "Redemptions" })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("dashboard-menu-open-390x844.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();

    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await expect(nav.getByRole("link", { name: "Overview" })).toBeFocused();
    await nav.getByRole("link", { name: "Orders", exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard\/orders$/);
    await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toHaveCount(0);
  });

  test("a wide table scrolls sideways and shows that it does", async ({ page }, testInfo) => {
    await page.goto("/dashboard/orders");
    const region = page.getByRole("region", { name: "Orders" });
    await expect(region).toBeVisible();
    const { overflows, background } = await region.evaluate((el) => ({ overflows: el.scrollWidth > el.clientWidth, background: getComputedStyle(el).backgroundImage }));
    expect(overflows).toBe(true);
    expect(background).toContain("radial-gradient");
    // The viewport, not the whole page: the demo's orders table is long, and two whole-page shots of it took most of the test's time.
    await screenshots(page, testInfo, "orders", false);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
