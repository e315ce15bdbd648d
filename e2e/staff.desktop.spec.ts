import { expect, test } from "@playwright/test";
import { authFile, outboxLink, uniqueEmail } from "./support";

// One story in serial steps, each well inside the timeout with both cores busy.
test.describe.serial("an owner invites an unknown e-mail as cashier; the person signs up from the e-mail and lands on the register", () => {
  const email = uniqueEmail("till");
  const password = "a-long-password-1";

  test("the owner invites them with a daily cap", async ({ browser }) => {
    const ownerContext = await browser.newContext({ storageState: authFile("owner") });
    const owner = await ownerContext.newPage();
    await owner.goto("/dashboard/staff");
    await owner.getByLabel("E-mail").fill(email);
    await owner.getByLabel("Role").selectOption("CASHIER");
    await owner.getByLabel("Daily cap (EUR)").fill("20");
    await owner.getByRole("button", { name: "Add", exact: true }).click();
    await expect(owner.getByText("Invitation sent")).toBeVisible();
    const invitation = owner.getByTestId("invitation-row").filter({ hasText: email });
    await expect(invitation).toContainText("Cashier");
    await expect(invitation).toContainText("€20.00");
    await ownerContext.close();
  });

  test("the invitee signs up from the e-mail, confirms and lands on the register", async ({ browser }) => {
    const guestContext = await browser.newContext();
    const guest = await guestContext.newPage();
    await guest.goto("/dev/outbox");
    await guest
      .getByTestId("outbox-message")
      .filter({ has: guest.getByText(`To ${email}`, { exact: true }) })
      .filter({ hasText: "invites you to Boomerang" })
      .first()
      .getByRole("link", { name: /\/signup/ })
      .click();
    await expect(guest).toHaveURL(/\/signup/);
    await guest.getByLabel("Your name").fill("Tilly Till");
    await guest.getByLabel("E-mail").fill(email);
    await guest.getByLabel("Password").fill(password);
    await guest.getByRole("button", { name: "Create account" }).click();
    await expect(guest.getByText("Check your inbox")).toBeVisible();
    await guest.goto("/dev/outbox");
    await outboxLink(guest, email).click();
    await guest.getByRole("button", { name: "Confirm and create my account" }).click();
    await expect(guest).toHaveURL(/\/register$/);
    await expect(guest.getByRole("heading", { name: "Cash register" })).toBeVisible();
    // A cashier sees only the register.
    await guest.goto("/dashboard/rules");
    await expect(guest).toHaveURL(/\/register$/);
    await guestContext.close();
  });

  test("the invitation became a membership with its cap; the owner clears the cap, and the activity log has both", async ({ browser }) => {
    const ownerContext = await browser.newContext({ storageState: authFile("owner") });
    const owner = await ownerContext.newPage();
    await owner.goto("/dashboard/staff");
    await expect(owner.getByTestId("invitation-row").filter({ hasText: email })).toHaveCount(0);
    const row = owner.getByTestId("staff-row").filter({ hasText: email });
    await expect(row).toContainText("Cashier");
    await expect(row).toContainText("€20.00");
    await row.getByRole("button", { name: "Set cap" }).click();
    await owner.getByRole("dialog").getByRole("button", { name: "Use the program's cap" }).click();
    // The row also shows the spend cap ("Program default" already): wait for the earn cap to be cleared.
    await expect(row).not.toContainText("€20.00");
    await expect(row).toContainText("Program default");
    await owner.goto("/dashboard/activity");
    await expect(owner.getByTestId("audit-entry").filter({ hasText: "staff.cap.update" }).first()).toBeVisible();
    await expect(owner.getByTestId("audit-entry").filter({ hasText: "staff.invite" }).filter({ hasText: "Olivia Owner" }).first()).toBeVisible();
    await ownerContext.close();
  });
});

test("an owner revokes a pending invitation", async ({ browser }) => {
  const context = await browser.newContext({ storageState: authFile("owner") });
  const page = await context.newPage();
  const email = uniqueEmail("maybe");
  await page.goto("/dashboard/staff");
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const row = page.getByTestId("invitation-row").filter({ hasText: email });
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await expect(row).toHaveCount(0);
  await context.close();
});

test.describe("a cashier", () => {
  test.use({ storageState: authFile("cashier") });

  test("is sent back to the register from the settings, rules, staff and activity pages", async ({ page }) => {
    for (const path of ["/dashboard/settings", "/dashboard/rules", "/dashboard/staff", "/dashboard/activity"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/register$/);
    }
    await expect(page.getByRole("navigation").getByRole("link", { name: "Rules" })).toHaveCount(0);
  });
});
