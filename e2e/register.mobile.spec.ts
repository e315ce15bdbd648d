import { expect, test, type Browser, type Page } from "@playwright/test";
import QRCode from "qrcode";
import { authFile } from "./support";

async function memberCode(browser: Browser) {
  const member = await browser.newContext({ storageState: authFile("member"), viewport: { width: 390, height: 844 } });
  const wallet = await member.newPage();
  await wallet.goto("/wallet");
  const code = (await wallet.getByTestId("member-code").first().textContent())?.trim() ?? "";
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  return { member, wallet, code };
}

async function registerPage(browser: Browser): Promise<Page> {
  const cashier = await browser.newContext({ storageState: authFile("cashier"), viewport: { width: 390, height: 844 } });
  return cashier.newPage();
}

// 5% of €12.50, rounded down: the member never gets a fraction of a cent. (The rules spec edits Bloom Books, never this program.)
const MAYA_EARNS = /Maya earns €0\.62$/;

test("a cashier registers a purchase by typing the member's code, and the member sees it pending", async ({ browser }) => {
  const { member, wallet, code } = await memberCode(browser);
  const pendingBefore = await wallet.getByTestId("balance-pending").first().textContent();

  const register = await registerPage(browser);
  await register.goto("/register");
  await register.getByLabel("Member code").fill(code.toLowerCase().replace("-", " "));
  await register.getByRole("button", { name: "Find member" }).click();
  await expect(register.getByText(`Maya · ${code}`)).toBeVisible();
  await register.getByLabel(/Basket amount/).fill("12.50");
  await register.getByRole("button", { name: "Continue" }).click();
  await expect(register.getByText("Register a purchase of €12.50 for Maya?")).toBeVisible();
  await register.getByRole("button", { name: "Confirm" }).click();
  // 5% of €12.50, rounded down: the member never gets a fraction of a cent.
  await expect(register.getByText(MAYA_EARNS)).toBeVisible();

  await wallet.reload();
  await expect(wallet.getByTestId("balance-pending").first()).not.toHaveText(pendingBefore ?? "");
  await member.close();
  await register.context().close();
});

test("a cashier scans the member's card with the camera", async ({ browser }) => {
  const { member, code } = await memberCode(browser);
  const qr = await QRCode.toDataURL(code, { margin: 2, width: 300 });
  const register = await registerPage(browser);
  // A fake rear camera that films the member's QR code; no BarcodeDetector, so jsQR reads the frames.
  await register.addInitScript((dataUrl: string) => {
    Reflect.deleteProperty(window, "BarcodeDetector");
    const image = new Image();
    image.src = dataUrl;
    navigator.mediaDevices.getUserMedia = async () => {
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = 480;
      canvas.height = 480;
      const context = canvas.getContext("2d");
      const draw = () => {
        if (!context) return;
        context.fillStyle = "#fff";
        context.fillRect(0, 0, 480, 480);
        context.drawImage(image, 90, 90, 300, 300);
      };
      draw();
      setInterval(draw, 100);
      return canvas.captureStream(10);
    };
  }, qr);
  await register.goto("/register");
  await register.getByRole("button", { name: "Scan card" }).click();
  await expect(register.getByText(`Maya · ${code}`)).toBeVisible();
  await expect(register.getByTestId("qr-scanner")).toHaveCount(0);
  await register.getByLabel(/Basket amount/).fill("12.50");
  await register.getByRole("button", { name: "Continue" }).click();
  await register.getByRole("button", { name: "Confirm" }).click();
  await expect(register.getByText(MAYA_EARNS)).toBeVisible();
  await member.close();
  await register.context().close();
});

test("a refused camera says so, and typing the code still works", async ({ browser }) => {
  const register = await registerPage(browser);
  await register.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = async () => {
      throw new DOMException("Permission denied", "NotAllowedError");
    };
  });
  await register.goto("/register");
  await register.getByRole("button", { name: "Scan card" }).click();
  await expect(register.getByText(/Camera access was refused/)).toBeVisible();
  await register.getByRole("button", { name: "Type the code instead" }).click();
  await expect(register.getByLabel("Member code")).toBeVisible();
  await register.context().close();
});
