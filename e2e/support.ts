import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "boomerang-demo";
export const USERS = {
  admin: "admin@boomerang.test",
  owner: "owner@aurora.test",
  cashier: "cashier@aurora.test",
  member: "maya@example.test",
  /** Owner of Bloom Books, the second demo business (manual processing mode). */
  bloom: "owner@bloom.test",
} as const;
export type DemoRole = keyof typeof USERS;

export const authFile = (role: DemoRole) => `e2e/.auth/${role}.json`;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
}

/** Signs up through the real flow: form → outbox e-mail → confirmation link → signed in. */
export async function signUp(page: Page, opts: { email: string; password: string; name?: string; from?: string }) {
  await page.goto(opts.from ?? "/signup");
  if (opts.name) await page.getByLabel("Your name").fill(opts.name);
  await page.getByLabel("E-mail").fill(opts.email);
  await page.getByLabel("Password").fill(opts.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Check your inbox")).toBeVisible();
  await page.goto("/dev/outbox");
  await outboxLink(page, opts.email).click();
  // Confirming signs the new member in: no password asked again.
  await page.getByRole("button", { name: "Confirm and create my account" }).click();
  await expect(page).not.toHaveURL(/\/verify\?/);
}

/** The confirmation link in the newest outbox message to `email` (messages are listed newest first). */
export function outboxLink(page: Page, email: string) {
  return page
    .getByTestId("outbox-message")
    .filter({ has: page.getByText(`To ${email}`, { exact: true }) })
    .filter({ hasText: "Confirm your e-mail" })
    .first()
    .getByRole("link", { name: /\/verify\?token=/ });
}

/** The environment of the running e2e server (its database and sandboxes), for specs that drive the operator CLI. */
export function e2eServerEnv(): Record<string, string> {
  const file = path.join(".data", `e2e-${process.env.E2E_PORT ?? 3100}.json`);
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
}

/** Runs the operator CLI against the e2e server's database and sandboxes; its JSON answer. */
export function cli(...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ["scripts/launch.mjs", "boomerang", ...args], {
    env: { ...process.env, ...e2eServerEnv() },
    timeout: 60_000,
    encoding: "utf8",
  });
  return JSON.parse(out) as Record<string, unknown>;
}

/** A shop's signed `order.paid` event for the program, sent as the shop would (Standard Webhooks signature). */
export async function postOrderPaid(baseURL: string, programId: string, secret: string, data: Record<string, unknown>): Promise<Response> {
  const body = JSON.stringify({ type: "order.paid", data });
  const msgId = `msg_${randomUUID()}`;
  const now = new Date();
  return fetch(`${baseURL}/api/v1/programs/${programId}/events`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "webhook-id": msgId, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": new Webhook(secret).sign(msgId, now, body) },
  });
}

/**
 * A member's first withdrawal waits for their Stripe payout account: on the withdraw page, "Set up payouts with
 * Stripe" opens the sandbox's imitation of Stripe's hosted Express onboarding, which returns to the app once
 * completed; the withdrawal is then on its way.
 */
export async function finishPayoutSetup(page: Page) {
  await expect(page.getByTestId("withdrawal").first().getByText("Finish payout set-up")).toBeVisible();
  await page.getByTestId("payout-setup").getByRole("button", { name: "Set up payouts with Stripe" }).click();
  await expect(page.getByRole("heading", { name: "Set up your payouts" })).toBeVisible();
  await page.getByRole("button", { name: "Complete onboarding" }).click();
  await expect(page).toHaveURL(/\/wallet\/withdraw\?stripe=return$/);
  await expect(page.getByTestId("withdrawal").first().getByText("On its way")).toBeVisible();
  await expect(page.getByTestId("payout-setup")).toHaveCount(0);
}
