import "server-only";
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { db, sharesOneSession } from "@/lib/db/client";
import { databaseUnavailable, isDatabaseUnavailable } from "@/lib/db/errors";
import type { ApiKeyScope } from "@/lib/api-keys/api-key";
import { apiKeyCheck, type ApiKeyCaller, type ApiKeyCheck } from "@/lib/api-keys/authenticate-api-key";
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { consumeRateLimit, type RateLimit } from "@/lib/rate-limit/consume";
import { describeZodError } from "@/lib/validation";
import { bodyTooLarge, capStream, DEFAULT_MAX_BODY_BYTES, parseJsonBody, readCapped } from "./body";
import { clientAddress } from "./client-address";
import { changesState, FOREIGN_ORIGIN_DETAIL, fromOwnOrigin } from "./origin";
import { problem } from "./problem";

type Auth = "none" | "user" | "admin" | "apiKey" | "apiKeyInUnit";
type UserFor<A extends Auth> = A extends "user" | "admin" ? SessionUser : null;
type ApiKeyFor<A extends Auth> = A extends "apiKey" ? ApiKeyCaller : A extends "apiKeyInUnit" ? ApiKeyCheck : null;

/** The request body, read at most once and never past the route's cap (413 as soon as it is passed). */
export type RouteBody = {
  bytes(): Promise<Buffer>;
  text(): Promise<string>;
  /** An empty body is `{}`; 400 when not JSON. */
  json(): Promise<unknown>;
  /** A multipart or URL-encoded form; 400 when it is neither. */
  formData(): Promise<FormData>;
};

export type RouteContext<P, A extends Auth> = { params: P; requestId: string; ip: string; user: UserFor<A>; apiKey: ApiKeyFor<A>; body: RouteBody };

type Options<A extends Auth> = {
  /**
   * "none" is for public endpoints and for ones that authenticate themselves (webhook signatures);
   * "apiKey" is a program's API key (`Authorization: Bearer bmr_sk_…`) for the program in the path's
   * `programId`, which must carry `scope`. "apiKeyInUnit" is the same check handed to the handler undone, for
   * a handler whose work is one unit of work: the unit runs it with its first statements (`within`), saving
   * the check's own round trip, and waits for it before it commits. The wrapper refuses to answer unless the
   * check ran and passed, and a refused key is the answer whatever else failed.
   */
  auth: A;
  scope?: A extends "apiKey" | "apiKeyInUnit" ? ApiKeyScope : never;
  /** Applied per client address before anything else runs. */
  rateLimit?: RateLimit & { name: string };
  /**
   * The largest body this route reads, in bytes (default 64 KiB). Counted while the body streams, whatever
   * Content-Length says: past it the body is no longer read and the answer is 413.
   */
  maxBodyBytes?: number;
};

const requestBody = Object.getOwnPropertyDescriptor(Request.prototype, "body")?.get;

/**
 * Caps the request where it is: its body readers (`body`, `json()`, `text()`, `arrayBuffer()`, `bytes()`,
 * `blob()`, `formData()`) are shadowed on the instance by ones that stop reading past the cap, so a handler
 * cannot read around it, and no second request or stream is made unless the handler asks for `req.body`.
 * `exceeded()` tells the wrapper to answer 413 whatever the handler made of the failed read.
 */
function capRequest(req: NextRequest, cap: number): { body: RouteBody; exceeded: () => boolean } {
  const source = (requestBody ? requestBody.call(req) : req.body) as ReadableStream<Uint8Array> | null;
  let over = false;
  let streamed: ReturnType<typeof capStream> | null = null;
  let read: Promise<Buffer> | null = null;
  const bytes = () =>
    (read ??= readCapped(streamed ? streamed.stream : source, cap).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === "PAYLOAD_TOO_LARGE") over = true;
      throw error;
    }));
  const formData = async () => {
    const raw = await bytes();
    try {
      return await new Response(new Uint8Array(raw), { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
    } catch {
      throw new DomainError("VALIDATION", "The body must be a multipart or URL-encoded form.");
    }
  };
  const text = async () => (await bytes()).toString("utf8");
  const body: RouteBody = { bytes, text, json: async () => parseJsonBody(await bytes()), formData };
  if (!source) return { body, exceeded: () => false };
  Object.defineProperties(req, {
    body: { configurable: true, get: () => (streamed ??= capStream(source, cap)).stream },
    json: { configurable: true, value: async () => JSON.parse(await text()) },
    text: { configurable: true, value: text },
    arrayBuffer: { configurable: true, value: async () => new Uint8Array(await bytes()).buffer },
    bytes: { configurable: true, value: async () => new Uint8Array(await bytes()) },
    blob: { configurable: true, value: async () => new Blob([new Uint8Array(await bytes())], { type: req.headers.get("content-type") ?? "" }) },
    formData: { configurable: true, value: formData },
  });
  return { body, exceeded: () => over || (streamed?.exceeded() ?? false) };
}

/** The check's failure (running it when the handler did not get to it), or null when the key passed. */
function refusal(check: ApiKeyCheck): Promise<unknown> {
  return (check.outcome() ?? check.run()).then(
    () => null,
    (error: unknown) => error,
  );
}

/** The caller's address: the connection's peer, or through TRUSTED_PROXY_HOPS proxies (lib/http/client-address.ts). */
export function clientIp(req: Request): string {
  return clientAddress(req.headers);
}

/**
 * The one wrapper for route handlers: authenticates (a state-changing cookie-authenticated request must come
 * from our own origin), rate-limits, caps the body, and turns every failure into an
 * application/problem+json answer — zod → 400 naming the field, DomainError → its status, a database outage →
 * 503 with Retry-After, anything else → 500 with a request id and no internals.
 */
export function route<P extends Record<string, string> = Record<string, never>, A extends Auth = Auth>(
  options: Options<A>,
  handler: (req: NextRequest, ctx: RouteContext<P, A>) => Promise<Response>,
) {
  return async (req: NextRequest, segment: { params: Promise<P> }): Promise<Response> => {
    const requestId = randomUUID();
    const ip = clientIp(req);
    const cap = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const capped = capRequest(req, cap);
    const tooLarge = () => {
      const error = bodyTooLarge(cap);
      return problem(error.code, error.message, { requestId });
    };
    let check: ApiKeyCheck | null = null;
    try {
      if (options.rateLimit) {
        const { name, ...limit } = options.rateLimit;
        const hit = await consumeRateLimit(db, `route:${name}:${ip}`, limit);
        if (!hit.ok) return problem("RATE_LIMITED", "Too many requests; slow down.", { requestId, retryAfterSeconds: hit.retryAfterSeconds });
      }
      // A declared size past the cap is refused before a byte is read; a chunked body is counted as it streams.
      if (Number(req.headers.get("content-length") ?? "0") > cap) return tooLarge();
      let user: SessionUser | null = null;
      let apiKey: ApiKeyCaller | null = null;
      const params = segment?.params ? await segment.params : ({} as P);
      if (options.auth === "apiKey" || options.auth === "apiKeyInUnit") {
        if (!options.scope) throw new Error("route: an apiKey route needs a scope");
        check = apiKeyCheck(db, { programId: params.programId ?? "", authorization: req.headers.get("authorization"), scope: options.scope });
        // On the embedded database a unit's open transaction holds every other connection back, and the check
        // may count on one (a rate-limit claim): there it runs first.
        if (options.auth === "apiKey" || sharesOneSession()) apiKey = await check.run();
      } else if (options.auth !== "none") {
        // The session cookie rides along on any site's request: a change must come from our own pages (CSRF).
        if (changesState(req.method) && !fromOwnOrigin(req.headers)) return problem("FORBIDDEN", FOREIGN_ORIGIN_DETAIL, { requestId });
        user = await currentUser();
        if (!user) return problem("UNAUTHENTICATED", "Sign in to use this endpoint.", { requestId });
        if (options.auth === "admin" && !user.roles.admin) return problem("FORBIDDEN", "Only platform admins can use this endpoint.", { requestId });
      }
      const handed = options.auth === "apiKeyInUnit" ? check : apiKey;
      let response = await handler(req, { params, requestId, ip, user: user as UserFor<A>, apiKey: handed as ApiKeyFor<A>, body: capped.body });
      if (check) {
        const outcome = check.outcome();
        if (!outcome) throw new Error("route: the handler never ran the API-key check");
        await outcome;
      }
      // However the handler answered a read that failed at the cap (a parse error, a 400), it is a 413.
      if (capped.exceeded() && response.status !== 413) response = tooLarge();
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (thrown) {
      // Who is calling answers first: a refused key learns nothing about its request (whether or not the
      // handler got as far as running the check).
      const error = (check && (await refusal(check))) || thrown;
      if (capped.exceeded() && !(error instanceof DomainError && error.code === "PAYLOAD_TOO_LARGE")) return tooLarge();
      if (error instanceof DomainError) {
        return problem(error.code, error.message, { field: error.field, requestId, retryAfterSeconds: error.retryAfterSeconds, reason: error.reason });
      }
      if (error instanceof z.ZodError) {
        const { message, field } = describeZodError(error);
        return problem("VALIDATION", message, { field, requestId });
      }
      if (isDatabaseUnavailable(error)) {
        // An outage, not a bug: 503 with Retry-After, so clients and shops retry.
        console.warn(`[route ${requestId}] ${req.method} ${req.nextUrl.pathname}: database unavailable: ${error instanceof Error ? error.message : String(error)}`);
        const unavailable = databaseUnavailable();
        return problem(unavailable.code, unavailable.message, { requestId, retryAfterSeconds: unavailable.retryAfterSeconds });
      }
      console.error(`[route ${requestId}] ${req.method} ${req.nextUrl.pathname}`, error);
      return problem("INTERNAL", "Something went wrong on our side.", { requestId });
    }
  };
}
