import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/**
 * Serious and critical axe violations on a page, summarised so a failure says what and where.
 * - The title first: Next.js streams a page's metadata after its body, so a visible heading does not mean the
 *   <title> is there yet (axe's document-title failed that way beside a CPU hog).
 * - Toasts (the shared sonner Toaster) fade in and out over the page and are not part of it.
 * - The pointer is moved off the page first, so no hover state is what gets checked.
 * `tags`: the WCAG 2.1 A and AA rules unless said otherwise.
 */
export async function seriousViolations(page: Page, opts: { tags?: string[] | "every rule" } = {}) {
  const tags = opts.tags ?? ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
  await expect(page).toHaveTitle(/\S/);
  await page.mouse.move(0, 0);
  const axe = new AxeBuilder({ page }).exclude("[data-sonner-toaster]");
  const results = await (tags === "every rule" ? axe : axe.withTags(tags)).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

/** The screen at a phone's and a desktop's size into the test's artifacts (the whole page, or the viewport while a dialog is open). */
export async function screenshots(page: Page, testInfo: TestInfo, name: string, fullPage = true) {
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
