import { expect, test } from "@playwright/test";
import { seriousViolations } from "./screens";

test("an unknown address gets Boomerang's own 404 page with the ways back, and /favicon.ico is there", async ({ page, request }, testInfo) => {
  const response = await page.goto("/no-such-page/anywhere");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open my wallet" })).toHaveAttribute("href", "/wallet");
  await expect(page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
  await expect(page).toHaveTitle(/Page not found/);
  expect(await seriousViolations(page, { tags: ["wcag2a", "wcag2aa"] })).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath(`not-found-${testInfo.project.name}.png`), fullPage: true });

  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image\//);
});
