import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import * as balanceRoute from "@/app/api/v1/programs/[programId]/balance/route";
import * as cancelRoute from "@/app/api/v1/programs/[programId]/redemptions/[redemptionId]/cancel/route";
import * as captureRoute from "@/app/api/v1/programs/[programId]/redemptions/[redemptionId]/capture/route";
import * as refundsRoute from "@/app/api/v1/programs/[programId]/redemptions/[redemptionId]/refunds/route";
import * as oneRoute from "@/app/api/v1/programs/[programId]/redemptions/[redemptionId]/route";
import * as redemptionsRoute from "@/app/api/v1/programs/[programId]/redemptions/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db/client";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { aMember, aProgram } from "./programs";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: [RegExp, string, Handler][] = [
  [/^\/api\/v1\/programs\/(?<programId>[^/]+)\/balance$/, "GET", balanceRoute.GET as Handler],
  [/^\/api\/v1\/programs\/(?<programId>[^/]+)\/redemptions$/, "POST", redemptionsRoute.POST as Handler],
  [/^\/api\/v1\/programs\/(?<programId>[^/]+)\/redemptions\/(?<redemptionId>[^/]+)$/, "GET", oneRoute.GET as Handler],
  [/^\/api\/v1\/programs\/(?<programId>[^/]+)\/redemptions\/(?<redemptionId>[^/]+)\/capture$/, "POST", captureRoute.POST as Handler],
  [/^\/api\/v1\/programs\/(?<programId>[^/]+)\/redemptions\/(?<redemptionId>[^/]+)\/cancel$/, "POST", cancelRoute.POST as Handler],
  [/^\/api\/v1\/programs\/(?<programId>[^/]+)\/redemptions\/(?<redemptionId>[^/]+)\/refunds$/, "POST", refundsRoute.POST as Handler],
];

/**
 * `fetch` for the public API, served by the route handlers themselves (no server process): a shop's view —
 * a URL, a method, headers and a body, and a Response back.
 */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const req = new NextRequest(new URL(url, "http://boomerang.test"), { ...init, headers: { "x-forwarded-for": "192.0.2.9", ...Object.fromEntries(new Headers(init.headers)) } } as ConstructorParameters<typeof NextRequest>[1]);
  const method = (init.method ?? "GET").toUpperCase();
  for (const [pattern, routeMethod, handler] of ROUTES) {
    const match = pattern.exec(req.nextUrl.pathname);
    if (match && routeMethod === method) return handler(req, { params: Promise.resolve({ ...match.groups }) });
  }
  return new Response("no such route", { status: 404 });
}

/** A shop's call: JSON body, bearer key, Idempotency-Key when given. */
export function call(key: string, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  return apiFetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** A program whose members' cashback is available at once (100 %, no hold), with an API key. */
export async function aSpendingProgram(opts: { scopes?: string[] } = {}) {
  const program = await aProgram({ cashbackBps: 10_000, holdDays: 0 });
  const { key, id: keyId } = await createApiKey(db, { programId: program.programId, name: "test", scopes: opts.scopes });
  return { ...program, key, keyId };
}

/** A member with `availableMinor` of spendable cashback, earned through the real pipeline. */
export async function aFundedMember(programId: string, availableMinor: bigint) {
  const member = await aMember(programId);
  if (availableMinor > 0n) {
    await recordPurchase(db, {
      programId,
      source: "WEBHOOK",
      orderId: `fund-${randomUUID()}`,
      origin: {},
      amountMinor: availableMinor,
      currency: "EUR",
      customer: { memberId: member.memberId },
      actor: { type: "SYSTEM" },
    });
  }
  return member;
}
