import { z } from "zod";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { resolveProgramRef } from "@/lib/programs/program-ref";
import { createEndpoint, deleteEndpoint, listEndpoints } from "./endpoints";
import { EVENT_TYPES } from "./events";

type OptionSpec = { type: "string" | "boolean"; multiple?: false };
type Command = { summary: string; options: Record<string, OptionSpec>; run(values: Record<string, string | boolean | undefined>): Promise<unknown> };

const str = { type: "string" } as const;

const programFlag = async (value: unknown) => {
  const parsed = z.string().trim().min(1).safeParse(value);
  if (!parsed.success) throw new DomainError("VALIDATION", "--program: Expected a program id or slug", { field: "program" });
  try {
    return await resolveProgramRef(db, parsed.data);
  } catch (error) {
    if (error instanceof DomainError && error.field === "programId") throw new DomainError(error.code, `--program: ${error.message}`, { field: "program" });
    throw error;
  }
};

/** A DomainError about an input field, named after the CLI flag that carried it. */
function asFlags<T>(run: () => Promise<T>, flags: Record<string, string>): Promise<T> {
  return run().catch((error: unknown) => {
    if (error instanceof DomainError && error.field) {
      const flag = flags[error.field] ?? error.field;
      throw new DomainError(error.code, `--${flag}: ${error.message}`, { field: flag });
    }
    throw error;
  });
}

/** Operator commands for outbound webhooks (merged into the CLI's command list). */
export const webhookCommands: Record<string, Command> = {
  "webhooks:add": {
    summary: `Add an endpoint that receives the program's events (--events a,b; default all: ${EVENT_TYPES.join(", ")}) → {id, secret}`,
    options: { program: str, url: str, events: str, description: str },
    run: async (values) => {
      const programId = await programFlag(values.program);
      const events = typeof values.events === "string" ? values.events.split(",").map((s) => s.trim()).filter(Boolean) : [...EVENT_TYPES];
      const created = await asFlags(
        () => createEndpoint(db, programId, { url: typeof values.url === "string" ? values.url : "", events: events as (typeof EVENT_TYPES)[number][], description: typeof values.description === "string" ? values.description : undefined }),
        { url: "url", events: "events", description: "description" },
      );
      return { id: created.id, secret: created.secret };
    },
  },
  "webhooks:list": {
    summary: "List a program's webhook endpoints, without secrets → [{id, url, events, enabled, disabledReason, description}]",
    options: { program: str },
    run: async (values) =>
      (await listEndpoints(db, await programFlag(values.program))).map((e) => ({ id: e.id, url: e.url, events: e.events, enabled: e.enabled, disabledReason: e.disabledReason, description: e.description, createdAt: e.createdAt })),
  },
  "webhooks:remove": {
    summary: "Delete a webhook endpoint with its pending messages and delivery log → {id, deleted}",
    options: { endpoint: str },
    run: async (values) => {
      const id = z.uuid().safeParse(values.endpoint);
      if (!id.success) throw new DomainError("VALIDATION", "--endpoint: Expected an endpoint id (a UUID), as webhooks:list shows them", { field: "endpoint" });
      const endpoint = await db.outboundWebhookEndpoint.findUnique({ where: { id: id.data }, select: { programId: true } });
      if (!endpoint) throw new DomainError("NOT_FOUND", "--endpoint: No such webhook endpoint", { field: "endpoint" });
      return deleteEndpoint(db, endpoint.programId, id.data);
    },
  },
};
