import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { problem } from "@/lib/http/problem";
import type { ErrorCode } from "@/lib/errors";
import { REDEMPTION_ERROR_CODES } from "@/lib/redemptions/schemas";
import { checkJsonSchema } from "@/tests/support/json-schema";
import { ENDPOINTS, jsonSchemaOf, openApiDocument, type JsonSchema } from "./openapi";
import { EVENT_SCHEMAS, EVENT_TYPES } from "@/lib/webhooks-out/events";
import { PROBLEM_CODES } from "./schemas";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

const routeFiles = readdirSync(path.join(root, "app/api/v1"), { recursive: true, encoding: "utf8" })
  .filter((f) => path.basename(f) === "route.ts")
  .map((f) => path.posix.join("app/api/v1", f.split(path.sep).join("/")))
  .sort();

const importRoute = (file: string) => import(/* @vite-ignore */ path.join(root, file)) as Promise<Record<string, unknown>>;

const doc = openApiDocument();
/** A schema with the document's components beside it, so its $refs resolve. */
const withComponents = (schema: JsonSchema): JsonSchema => ({ ...schema, components: doc.components ?? null });

describe("the OpenAPI document and the routes agree", () => {
  it("lists every app/api/v1 route file, and every listed route exists", () => {
    const listed = [...new Set(ENDPOINTS.map((e) => e.route))].sort();
    expect(routeFiles).toEqual(listed);
  });

  it.each(ENDPOINTS.map((e) => [`${e.method.toUpperCase()} ${e.path}`, e] as const))("%s: the route answers the method and validates with the documented schemas", async (_, e) => {
    const mod = await importRoute(e.route);
    expect(typeof mod[e.method.toUpperCase()]).toBe("function");
    const exported = (mod.schemas ?? {}) as Record<string, z.ZodType>;
    const documented = e.validates ?? {};
    expect(Object.keys(exported).sort()).toEqual(Object.keys(documented).sort());
    for (const [name, schema] of Object.entries(documented)) expect(exported[name], `schemas.${name} of ${e.route}`).toBe(schema);
  });

  it("documents every method a route file exports", async () => {
    for (const file of routeFiles) {
      const mod = await importRoute(file);
      const exported = METHODS.filter((m) => typeof mod[m] === "function").map((m) => m.toLowerCase());
      const documented = ENDPOINTS.filter((e) => e.route === file).map((e) => e.method);
      expect(exported.sort(), file).toEqual(documented.sort());
    }
  });

  it("is an OpenAPI 3.1 document whose operation ids are unique and whose $refs resolve", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(new Set(ENDPOINTS.map((e) => e.operationId)).size).toBe(ENDPOINTS.length);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const target = ref.slice(8, -1).replace(/^#\//, "").split("/").reduce<unknown>((node, key) => (node as JsonSchema | undefined)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it("gives every API-key operation a scope and every problem answer the shared envelope", () => {
    for (const e of ENDPOINTS) {
      if (e.security === "apiKey") expect(e.scope, e.operationId).toBeDefined();
      for (const status of [429, 503] as const) if (e.security !== "none") expect(e.problems[status], `${e.operationId} ${status}`).toBeDefined();
    }
  });
});

describe("examples hold against the generated JSON Schema and the zod schemas", () => {
  const requests = ENDPOINTS.filter((e) => e.body).map((e) => [e.operationId, e] as const);
  it.each(requests)("%s: request example", (_, e) => {
    const body = e.body!;
    expect(checkJsonSchema(withComponents(jsonSchemaOf(body.schema, "input")), body.example)).toEqual([]);
    expect(body.schema.safeParse(body.example).error).toBeUndefined();
  });

  const responses = ENDPOINTS.flatMap((e) => Object.entries(e.responses).map(([status, r]) => [`${e.operationId} ${status}`, r] as const));
  it.each(responses)("%s: response example", (_, r) => {
    expect(checkJsonSchema(withComponents(jsonSchemaOf(r.schema, "output")), r.example)).toEqual([]);
    expect(r.schema.safeParse(r.example).error).toBeUndefined();
  });

  it("headers' examples fit their schemas", () => {
    for (const e of ENDPOINTS) for (const h of e.headers ?? []) expect(checkJsonSchema(jsonSchemaOf(h.schema, "input"), h.example), `${e.operationId} ${h.name}`).toEqual([]);
  });

  it("the generated schemas refuse what the routes refuse (the check is not vacuous)", () => {
    const create = withComponents(jsonSchemaOf(ENDPOINTS.find((e) => e.operationId === "createRedemption")!.body!.schema, "input"));
    const valid = { customer: { email: "mia@example.com" }, amount: 1500, currency: "EUR", orderId: "1042" };
    expect(checkJsonSchema(create, valid)).toEqual([]);
    expect(checkJsonSchema(create, { ...valid, amount: "15.00" })).not.toEqual([]);
    expect(checkJsonSchema(create, { ...valid, amount: 0 })).not.toEqual([]);
    expect(checkJsonSchema(create, { ...valid, customer: {} })).not.toEqual([]);
    expect(checkJsonSchema(create, { ...valid, expiresInSeconds: 30 })).not.toEqual([]);
    const event = withComponents(jsonSchemaOf(ENDPOINTS.find((e) => e.operationId === "sendOrderEvent")!.body!.schema, "input"));
    const paid = { type: "order.paid", data: { orderId: "1", amount: 4210, currency: "EUR", customer: { email: "mia@example.com" } } };
    expect(checkJsonSchema(event, paid)).toEqual([]);
    // The amount is a transform over z.unknown(): its explicit JSON schema must still say "integer".
    expect(checkJsonSchema(event, { ...paid, data: { ...paid.data, amount: 42.1 } })).not.toEqual([]);
    expect(checkJsonSchema(event, { ...paid, data: { ...paid.data, currency: "PTS" } })).not.toEqual([]);
  });
});

describe("the problem+json envelope", () => {
  const problemSchema = withComponents({ $ref: "#/components/schemas/Problem" });
  const codes: ErrorCode[] = ["VALIDATION", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "RATE_LIMITED", "PAYLOAD_TOO_LARGE", "UNPROCESSABLE", "INTERNAL", "UNAVAILABLE"];

  it.each(codes)("problem(%s) matches the documented Problem", async (code) => {
    const body: unknown = await problem(code, "Something.", { field: "amount", requestId: "r-1", retryAfterSeconds: 5 }).json();
    expect(checkJsonSchema(problemSchema, body)).toEqual([]);
  });

  it("documents every Redemption API code, and only known codes per answer", async () => {
    for (const reason of REDEMPTION_ERROR_CODES) {
      const body: unknown = await problem("CONFLICT", "Something.", { reason }).json();
      expect(checkJsonSchema(problemSchema, body), reason).toEqual([]);
    }
    for (const e of ENDPOINTS) for (const p of Object.values(e.problems)) for (const c of p.codes) expect(PROBLEM_CODES).toContain(c);
  });
});

describe("outbound webhooks in the document", () => {
  const hooks = (doc.webhooks ?? {}) as Record<string, { post: { requestBody: { content: { "application/json": { schema: JsonSchema; example: unknown } } } } }>;

  it("describes every event type Boomerang sends, with the zod schemas the senders are checked against", () => {
    expect(Object.keys(hooks).sort()).toEqual(Object.keys(EVENT_SCHEMAS).sort());
    for (const type of EVENT_TYPES) expect(hooks[type], type).toBeDefined();
  });

  it.each(Object.keys(EVENT_SCHEMAS))("%s: its example holds against the JSON Schema and the zod schema, and refuses another type", (type) => {
    const { schema, example } = hooks[type]!.post.requestBody.content["application/json"];
    expect(checkJsonSchema(withComponents(schema), example)).toEqual([]);
    expect(EVENT_SCHEMAS[type as keyof typeof EVENT_SCHEMAS].safeParse(example).error).toBeUndefined();
    expect(checkJsonSchema(withComponents(schema), { ...(example as object), type: "order.paid" })).not.toEqual([]);
  });
});
