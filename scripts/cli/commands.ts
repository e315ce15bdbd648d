import { z } from "zod";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { createProvider } from "@/lib/providers/create-provider";
import { reconcile } from "@/lib/ledger";
import { CURRENCIES } from "@/lib/money/currency";
import { emailSchema, passwordSchema, slugSchema } from "@/lib/validation";

type OptionSpec = { type: "string" | "boolean"; multiple?: false };
export type Command = {
  summary: string;
  options: Record<string, OptionSpec>;
  run(values: Record<string, string | boolean | undefined>): Promise<unknown>;
};

const str = { type: "string" } as const;

function define<S extends z.ZodType>(summary: string, schema: S, options: Record<string, OptionSpec>, run: (input: z.output<S>) => Promise<unknown>): Command {
  return { summary, options, run: (values) => run(schema.parse(values)) };
}

export const commands: Record<string, Command> = {
  "provider:create": define(
    "Create a business with its program and owner → {providerId, programId}",
    z.object({
      name: z.string().trim().min(1).max(120),
      slug: slugSchema,
      "owner-email": emailSchema,
      "owner-password": passwordSchema,
      currency: z.enum(CURRENCIES).default("EUR"),
    }),
    { name: str, slug: str, "owner-email": str, "owner-password": str, currency: str },
    async (input) =>
      db.$transaction(async (tx) => {
        const owner = await createUser(tx, { email: input["owner-email"], password: input["owner-password"] });
        const created = await createProvider(tx, { name: input.name, slug: input.slug, ownerUserId: owner.id, currency: input.currency });
        return { providerId: created.providerId, programId: created.programId, slug: created.slug, ownerUserId: owner.id };
      }),
  ),
  "member:create": define(
    "Create a member account → {userId}",
    z.object({ email: emailSchema, password: passwordSchema, name: z.string().trim().max(120).optional() }),
    { email: str, password: str, name: str },
    async (input) => {
      const user = await createUser(db, input);
      return { userId: user.id, email: user.email };
    },
  ),
  "admin:create": define(
    "Create a platform admin account → {userId}",
    z.object({ email: emailSchema, password: passwordSchema, name: z.string().trim().max(120).optional() }),
    { email: str, password: str, name: str },
    async (input) => {
      const user = await createUser(db, { ...input, isAdmin: true });
      return { userId: user.id, email: user.email, admin: true };
    },
  ),
  "ledger:reconcile": define(
    "Prove the ledger balances; exit code 1 on any discrepancy",
    z.object({}),
    {},
    async () => {
      const result = await reconcile(db);
      return { ...result, exitCode: result.ok ? 0 : 1 };
    },
  ),
};
