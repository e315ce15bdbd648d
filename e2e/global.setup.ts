import { expect, test as setup } from "@playwright/test";
import { USERS, authFile, signIn, type DemoRole } from "./support";

const HOME: Record<DemoRole, RegExp> = { admin: /\/admin$/, owner: /\/dashboard$/, cashier: /\/register$/, member: /\/wallet$/, bloom: /\/dashboard$/ };

for (const role of Object.keys(USERS) as DemoRole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, USERS[role]);
    await expect(page).toHaveURL(HOME[role]);
    await page.context().storageState({ path: authFile(role) });
  });
}
