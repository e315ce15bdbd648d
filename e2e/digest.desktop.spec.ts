import { expect, test } from "@playwright/test";
import { screenshots, seriousViolations } from "./screens";
import { authFile } from "./support";

test.describe.serial("the daily digest", () => {
  test.use({ storageState: authFile("owner") });

  // Steps, not one test: as one it ran 28 s beside a CPU hog, near the 30 s limit.
  test("the owner opts in at 07:30 Paris time", async ({ page }) => {
    await page.goto("/dashboard");
    const nav = page.getByRole("navigation", { name: "Café Aurora navigation" });
    await nav.getByRole("list", { name: "Program" }).getByRole("link", { name: "Daily digest" }).click();
    await expect(page.getByRole("heading", { name: "Daily digest", level: 1 })).toBeVisible();

    await page.getByLabel("E-mail me the daily digest").check();
    await page.getByLabel("Send at").fill("07:30");
    await page.getByLabel("Time zone").selectOption("Europe/Paris");
    await page.getByRole("button", { name: "Save digest settings" }).click();
    await expect(page.getByText("Daily digest on: every day at 07:30 (Europe/Paris)")).toBeVisible();
  });

  test("the settings stay, and the page previews yesterday as read in Paris", async ({ page }, testInfo) => {
    await page.goto("/dashboard/digest");
    await expect(page.getByLabel("E-mail me the daily digest")).toBeChecked();
    await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Paris");
    await expect(page.getByRole("heading", { name: /^Yesterday: \w+day \d+ \w+ \d{4}$/, level: 2 })).toBeVisible();
    const preview = page.getByTestId("digest-preview");
    await expect(preview).toContainText("read in Europe/Paris");
    await expect(preview.getByRole("heading", { name: "Café Aurora", level: 3 })).toBeVisible();
    await expect(preview.getByTestId("digest-issued")).toContainText(/Cashback issued€\d[\d,]*\.\d\d/);
    await expect(preview.getByTestId("digest-liability")).toContainText(/Cashback outstanding now€\d[\d,]*\.\d\d/);
    await screenshots(page, testInfo, "dashboard-digest");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the owner opts out again (no digest e-mails in the shared outbox)", async ({ page }) => {
    await page.goto("/dashboard/digest");
    await page.getByLabel("E-mail me the daily digest").uncheck();
    await page.getByRole("button", { name: "Save digest settings" }).click();
    await expect(page.getByText("Daily digest off")).toBeVisible();
  });
});
