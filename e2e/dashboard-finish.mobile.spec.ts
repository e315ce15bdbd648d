import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { authFile } from "./support";

// Toasts (the shared sonner Toaster) fade in and out over the page and are not part of it.
// The pointer is moved off the page first: the shared danger button's hover shade (solid/90) is a known
// contrast miss of components/ui, not of these screens.
async function seriousViolations(page: Page) {
  await page.mouse.move(0, 0);
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

/** The screen at a phone's and a desktop's size into the test's artifacts (the whole page, or the viewport while a dialog is open). */
async function screenshots(page: Page, testInfo: TestInfo, name: string, fullPage = true) {
  const original = page.viewportSize();
  for (const [width, height] of [
    [390, 844],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    // From the top, so the sticky header is drawn where it belongs in a whole-page shot.
    if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}x${height}.png`), fullPage });
  }
  if (original) await page.setViewportSize(original);
}

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
    await screenshots(page, testInfo, "orders");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
