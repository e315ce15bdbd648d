import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { expect, test } from "@playwright/test";
import { authFile } from "./support";
import { seriousViolations } from "./screens";

const RECEIPT = "e2e/fixtures/receipt.png";

/** The fixture receipt with a comment of its own (a PNG tEXt chunk before IEND): a photo never sent before. */
function aNewReceiptPhoto() {
  const png = readFileSync(RECEIPT);
  const body = Buffer.concat([Buffer.from("tEXt"), Buffer.from(`Comment\0e2e ${randomUUID()}`, "latin1")]);
  const chunk = Buffer.alloc(body.length + 8);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
  const iend = png.length - 12;
  return { name: "receipt.png", mimeType: "image/png", buffer: Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]) };
}

test.describe("member portal", () => {
  test.use({ storageState: authFile("member") });

  // Steps of one story (the last reads the notification the first caused), each short enough to stay well
  // inside the test timeout when both cores are busy.
  test.describe.serial("a receipt", () => {
    // A retry of the story sends a photo, total and number of its own: the first attempt's are taken.
    let photo = aNewReceiptPhoto();
    let total = "23.40";

    test("sends a receipt and sees it pending review", async ({ page }, testInfo) => {
      photo = aNewReceiptPhoto();
      total = `23.4${Math.min(testInfo.retry, 9)}`;
      await page.goto("/wallet/receipts/new");
      await page.getByLabel("Photo of the receipt").setInputFiles(photo);
      await expect(page.getByAltText("Preview of the chosen receipt photo")).toBeVisible();
      await page.getByLabel("Program").selectOption({ label: "Café Aurora" });
      await page.getByLabel(/Total on the receipt/).fill(total);
      await page.getByLabel("Receipt number (optional)").fill(`E2E-${randomUUID().slice(0, 8)}`);
      await page.getByRole("button", { name: "Send receipt" }).click();

      await expect(page).toHaveURL(/\/wallet\/receipts$/);
      const row = page.getByTestId("receipt-row").filter({ hasText: `€${total}` });
      await expect(row).toHaveCount(1);
      await expect(row.getByText("Pending review")).toBeVisible();
      await expect(row.getByRole("img", { name: /Receipt from Café Aurora/ })).toBeVisible();
      expect(await seriousViolations(page, { tags: "every rule" })).toEqual([]);
    });

    // A step of its own: with the first send it ran 34 s beside a CPU hog.
    test("is refused the same photo twice, with when it was first sent", async ({ page }) => {
      await page.goto("/wallet/receipts/new");
      await page.getByLabel("Photo of the receipt").setInputFiles(photo);
      await page.getByLabel(/Total on the receipt/).fill("5.00");
      await page.getByRole("button", { name: "Send receipt" }).click();
      await expect(page.getByText(/You already sent this receipt on \d{1,2} [A-Z][a-z]{2}/)).toBeVisible();
      await expect(page).toHaveURL(/\/wallet\/receipts\/new$/);
      expect(await seriousViolations(page, { tags: "every rule" })).toEqual([]);
    });

    test("is notified that the receipt was received and marks it read", async ({ page }) => {
      await page.goto("/wallet/notifications");
      const note = page.getByTestId("notification").filter({ hasText: "Receipt received by Café Aurora" }).first();
      await expect(note).toBeVisible();
      await expect(note).toContainText(`€${total} receipt`);
      expect(await seriousViolations(page, { tags: "every rule" })).toEqual([]);
      await page.getByRole("button", { name: "Mark all read" }).click();
      await expect(page.getByText("You are all caught up.")).toBeVisible();
      await expect(note).toHaveAttribute("data-read", "true");

      const unread = await page.request.get("/api/me/notifications");
      expect(await unread.json()).toEqual({ unread: 0 });
    });

    // A step of its own: with the notification above it ran 38 s beside a CPU hog.
    test("reaches the notification settings from the notifications", async ({ page }) => {
      await page.goto("/wallet/notifications");
      await page.getByRole("link", { name: "Settings" }).click();
      await expect(page.getByRole("heading", { name: "Notification settings" })).toBeVisible();
      expect(await seriousViolations(page, { tags: "every rule" })).toEqual([]);
    });
  });

  test("changes the name on the profile", async ({ page }) => {
    await page.goto("/wallet/profile");
    await expect(page.getByTestId("profile-email")).toHaveText("maya@example.test");
    const name = page.getByRole("textbox", { name: "Name", exact: true });
    await expect(name).toHaveValue("Maya Lind");
    expect(await seriousViolations(page, { tags: "every rule" })).toEqual([]);

    await name.fill("Maya Lindgren");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByText("Name saved")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Maya Lindgren");

    // The leave dialog states what happens to the money, and cancelling changes nothing.
    await page.getByRole("button", { name: "Leave program" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Leave Café Aurora?" });
    await expect(dialog.getByText(/available cashback .* stays yours/)).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("membership").first()).toContainText("Member");

    // Put the demo data back for the other specs.
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("Maya Lind");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByText("Name saved")).toBeVisible();
  });
});
