import { expect, test, type BrowserContext, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { signUp, uniqueEmail } from "./support";

test.describe("provider onboarding", () => {
  // One story in serial steps, each well inside the timeout with both cores busy.
  test.describe.serial("a new person signs up, onboards a business, brands it, sets a 1% rule with a 14-day hold, publishes it and sees /p/<slug>", () => {
    let context: BrowserContext;
    let page: Page;
    let anonymous: BrowserContext;
    let visitor: Page;
    let checklist: Locator;
    let name = "";
    let slug = "";

    test.beforeAll(async ({ browser }) => {
      context = await browser.newContext();
      page = await context.newPage();
      anonymous = await browser.newContext();
      visitor = await anonymous.newPage();
      checklist = page.getByTestId("onboarding-checklist");
    });

    test.afterAll(async () => {
      await anonymous?.close();
      await context?.close();
    });

    test("anonymous visitors of /onboarding are sent to sign in", async () => {
      await page.goto("/onboarding");
      await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fonboarding/);
    });

    test("signing up from there comes back to /onboarding", async () => {
      const email = uniqueEmail("founder");
      await signUp(page, { email, password: "a-long-password-1", name: "Fran Founder", from: "/signup?callbackUrl=%2Fonboarding" });
      await expect(page).toHaveURL(/\/onboarding$/);
    });

    test("the business is named, a taken address is refused before submitting, and the program is created", async () => {
      const suffix = Date.now().toString(36);
      name = `Bloom Bakery ${suffix}`;
      slug = `bloom-bakery-${suffix}`;
      await page.getByLabel("Business name").fill(name);
      await expect(page.getByLabel("Program page address")).toHaveValue(slug);
      await expect(page.getByText(`/p/${slug} is available.`)).toBeVisible();
      // A taken address is named before submitting.
      await page.getByLabel("Program page address").fill("cafe-aurora");
      await expect(page.getByText('The address "cafe-aurora" is already taken.')).toBeVisible();
      await page.getByLabel("Program page address").fill(slug);
      await page.getByLabel("Cashback paid in").selectOption("GBP");
      await page.getByRole("button", { name: "Create my program" }).click();

      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
      await expect(checklist.getByRole("link", { name: /Add your branding \(to do\)/ })).toBeVisible();
      await expect(checklist.getByRole("link", { name: /Publish your program page \(to do\)/ })).toBeVisible();
    });

    test("publishing is refused until a rule pays something and the branding basics are there, and says why", async () => {
      const why = "Publishing needs a cashback rule that pays something (Rules) and a logo or a description of your business (Branding).";
      await expect(checklist.getByText(why)).toBeVisible();
      await page.getByRole("navigation").getByRole("link", { name: "Settings", exact: true }).click();
      await page.getByRole("button", { name: "Publish program" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
      await expect(page.getByText(why).first()).toBeVisible();
      await page.reload();
      await expect(page.getByRole("button", { name: "Publish program" })).toBeVisible();
      expect((await visitor.goto(`/p/${slug}`))?.status()).toBe(404);
    });

    test("not published: a 404 for anyone outside the business, a preview for the owner", async () => {
      expect((await visitor.goto(`/p/${slug}`))?.status()).toBe(404);
      await page.goto(`/p/${slug}`);
      await expect(page.getByText("Not published yet.")).toBeVisible();
    });

    test("branding: a logo and a description, the live preview following the form, a non-image refused", async () => {
      await page.goto("/dashboard");
      await checklist.getByRole("link", { name: /Add your branding/ }).click();
      await expect(page.getByRole("heading", { name: "Branding", exact: true })).toBeVisible();
      const logo = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#e11d48" } }).png().toBuffer();
      await page.getByLabel("Logo", { exact: true }).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: logo });
      const preview = page.getByTestId("branding-preview");
      await expect(preview.getByRole("img", { name: `${name} logo` })).toBeVisible();
      // Not an image: refused with a message, the logo stays.
      await page.getByLabel("Logo", { exact: true }).setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not really a png") });
      await expect(page.getByText("A logo must be a JPEG, PNG, WebP, GIF, HEIF or AVIF image.")).toBeVisible();
      await page.getByLabel("Description").fill("Sourdough, croissants and good coffee.");
      await expect(preview.getByText("Sourdough, croissants and good coffee.")).toBeVisible();
      await page.getByRole("button", { name: "Save branding" }).click();
      await expect(page.getByText("Branding saved")).toBeVisible();
    });

    test("rules: 1% of every basket, tried before saving", async () => {
      await page.goto("/dashboard");
      await page.getByTestId("onboarding-checklist").getByRole("link", { name: /Set your cashback rules/ }).click();
      await page.getByLabel("Base rule: type").selectOption("percentage");
      await page.getByLabel("Base rule: cashback (%)").fill("1");
      await page.getByLabel("Basket amount (GBP)").fill("42.10");
      await page.getByRole("button", { name: "Try it", exact: true }).click();
      await expect(page.getByTestId("try-amount")).toHaveText("Earns £0.42");
      await page.getByRole("button", { name: "Save rules" }).click();
      await page.getByRole("dialog").getByRole("button", { name: /^Save version \d+$/ }).click();
      await expect(page.getByText("Version 2 is in force.")).toBeVisible();
    });

    test("a 14-day hold period (the EU withdrawal right), saved explicitly", async () => {
      await page.getByRole("navigation").getByRole("link", { name: "Settings", exact: true }).click();
      await page.getByLabel("Hold period (days)").fill("13");
      await page.getByRole("button", { name: "Save settings" }).click();
      await expect(page.getByText("Settings saved").first()).toBeVisible();
      await page.reload();
      await page.getByLabel("Hold period (days)").fill("14");
      await page.getByRole("button", { name: "Save settings" }).click();
      await expect(page.getByText("Settings saved").first()).toBeVisible();
      await page.reload();
      await expect(page.getByLabel("Hold period (days)")).toHaveValue("14");
    });

    test("the owner publishes (confirmed) and the checklist is done", async () => {
      await page.getByRole("navigation").getByRole("link", { name: "Settings", exact: true }).click();
      await page.getByRole("button", { name: "Publish program" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
      await expect(page.getByText("Published", { exact: true })).toBeVisible();

      await page.goto("/dashboard");
      await expect(page.getByTestId("onboarding-checklist").getByRole("link", { name: /Publish your program page \(done\)/ })).toBeVisible();
      await expect(page.getByTestId("onboarding-checklist").getByRole("link", { name: /Add your branding \(done\)/ })).toBeVisible();
      await expect(page.getByTestId("onboarding-checklist").getByRole("link", { name: /Set your cashback rules \(done\)/ })).toBeVisible();
    });

    test("visitors see /p/<slug>: name, logo, free to join, 1% headline, join link and share image", async () => {
      const response = await visitor.goto(`/p/${slug}`);
      expect(response?.status()).toBe(200);
      await expect(visitor.getByRole("heading", { level: 1, name })).toBeVisible();
      await expect(visitor.getByRole("img", { name: `${name} logo` })).toBeVisible();
      await expect(visitor.getByText("Free to join")).toBeVisible();
      await expect(visitor.getByTestId("earn-headline")).toContainText("1%");
      await expect(visitor.getByRole("link", { name: `Join ${name}` })).toBeVisible();
      await expect(visitor.locator('meta[property="og:image"]')).toHaveAttribute("content", new RegExp(`/p/${slug}/opengraph-image`));
    });
  });
});
