import { expect, test } from "@playwright/test";
import { authFile, signUp, uniqueEmail } from "./support";

test("a new member joins a program from its page on a phone", async ({ page }) => {
  const email = uniqueEmail("joiner");
  await page.goto("/p/cafe-aurora");
  await page.getByRole("link", { name: "Join Café Aurora" }).click();
  await expect(page).toHaveURL(/\/signup\?callbackUrl=/);
  await signUp(page, { email, password: "joining-password-1", name: "Jo Joiner", from: page.url() });
  await expect(page).toHaveURL(/\/p\/cafe-aurora$/);
  await page.getByRole("button", { name: "Join Café Aurora" }).click();
  await expect(page).toHaveURL(/\/wallet$/);
  await expect(page.getByTestId("member-code")).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
});

test.describe("demo member", () => {
  test.use({ storageState: authFile("member") });
  test("sees the wallet with a card code", async ({ page }) => {
    await page.goto("/wallet");
    // The program's name alone (an open hold there names it too: "Reserved for a payment at Café Aurora").
    await expect(page.getByText("Café Aurora", { exact: true })).toBeVisible();
    await expect(page.getByTestId("member-code")).toBeVisible();
  });
});
