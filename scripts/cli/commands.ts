import { z } from "zod";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { createProvider } from "@/lib/providers/create-provider";
import { reconcile } from "@/lib/ledger";
import { encryptProgramSecrets } from "@/lib/programs/encrypt-program-secrets";
import { listPrograms, setShopSecrets } from "@/lib/programs/shop-secrets";
import { resolveProgramRef } from "@/lib/programs/program-ref";
import { setProcessingMode } from "@/lib/programs/set-processing-mode";
import { enrollMember } from "@/lib/members/enroll-member";
import { getMemberBalance } from "@/lib/members/get-member-balance";
import { CURRENCIES } from "@/lib/money/currency";
import { getWebhookEndpoint, rotateWebhookEndpointSecret } from "@/lib/programs/webhook-endpoint";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";
import { importLegacyUploads } from "@/lib/uploads/store-image";
import { emailSchema, passwordSchema, slugSchema } from "@/lib/validation";

type OptionSpec = { type: "string" | "boolean"; multiple?: false };
export type Command = {
  summary: string;
  options: Record<string, OptionSpec>;
  run(values: Record<string, string | boolean | undefined>): Promise<unknown>;
};

const str = { type: "string" } as const;

/** A whole number given as a flag (flags are strings), within [min, max]. */
function integerFlag(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, `Expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `Expected a whole number from ${min} to ${max}`).max(max, `Expected a whole number from ${min} to ${max}`));
}

// A program by its id or its slug (cafe-aurora): the id is looked up as the flag is read.
const programFlag = z
  .string()
  .trim()
  .min(1, "Expected a program id or slug")
  .transform((ref) => naming(() => resolveProgramRef(db, ref)));
const instantFlag = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "Expected an ISO date or date-time, e.g. 2026-03-01T12:00:00Z" }).transform((v) => new Date(v));

/** Lib errors name their input (programId, email); the CLI says which flag that is. */
const FLAGS: Record<string, string> = { programId: "program", email: "email" };
async function naming<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof DomainError && error.field) {
      const flag = FLAGS[error.field] ?? error.field;
      throw new DomainError(error.code, `--${flag}: ${error.message}`, { field: flag });
    }
    throw error;
  }
}

function define<S extends z.ZodType>(summary: string, schema: S, options: Record<string, OptionSpec>, run: (input: z.output<S>) => Promise<unknown>): Command {
  return { summary, options, run: async (values) => run(await schema.parseAsync(values)) };
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
      // A base percentage of every basket, in basis points (250 = 2.5%); 0 when left out.
      "cashback-bps": integerFlag(0, 10_000).optional(),
      mode: z.enum(["automatic", "manual"]).default("automatic"),
      "hold-days": integerFlag(0, 30).default(14),
    }),
    { name: str, slug: str, "owner-email": str, "owner-password": str, currency: str, "cashback-bps": str, mode: str, "hold-days": str },
    async (input) =>
      db.$transaction(async (tx) => {
        const owner = await createUser(tx, { email: input["owner-email"], password: input["owner-password"] });
        const created = await createProvider(tx, {
          name: input.name,
          slug: input.slug,
          ownerUserId: owner.id,
          currency: input.currency,
          cashbackBps: input["cashback-bps"],
          processingMode: input.mode === "manual" ? "MANUAL" : "AUTOMATIC",
          holdDays: input["hold-days"],
        });
        return { providerId: created.providerId, programId: created.programId, slug: created.slug, ownerUserId: owner.id };
      }),
  ),
  "program:secret": define(
    "Show where a shop sends order events and the signing secret → {programId, secret, webhookUrl}",
    z.object({ program: programFlag }),
    { program: str },
    async (input) => naming(() => getWebhookEndpoint(db, input.program)),
  ),
  "program:rotate-secret": define(
    "Issue a new signing secret (the old one works 24 more hours) → {programId, secret, webhookUrl, previousValidUntil}",
    z.object({ program: programFlag }),
    { program: str },
    async (input) => naming(() => rotateWebhookEndpointSecret(db, input.program)),
  ),
  "program:encrypt-secrets": define(
    "Encrypt signing secrets still stored in plain text, and re-encrypt those under an older ENCRYPTION_KEYS key → {webhookSecrets, shopSecrets, undecryptable, currentKey}",
    z.object({}),
    {},
    async () => encryptProgramSecrets(db),
  ),
  "uploads:import": define(
    "Move images an older install kept under UPLOAD_DIR into the object store (UPLOAD_STORAGE); safe to run again → {directory, storage, imported, alreadyStored, ignored}",
    z.object({}),
    {},
    async () => importLegacyUploads(),
  ),
  "program:list": define(
    "List programs with their ids → [{programId, slug, name, provider, mode, holdDays}]",
    z.object({}),
    {},
    async () =>
      (await listPrograms(db)).map((p) => ({ programId: p.id, slug: p.slug, name: p.name, provider: p.provider.name, mode: p.processingMode, holdDays: p.holdDays })),
  ),
  "program:mode": define(
    "Switch automatic/manual processing; --process-queue approves the review queue first → {mode, approved}",
    z.object({ program: programFlag, mode: z.enum(["automatic", "manual"]), "process-queue": z.boolean().optional() }),
    { program: str, mode: str, "process-queue": { type: "boolean" } },
    async (input) =>
      naming(() =>
        setProcessingMode(db, { programId: input.program, mode: input.mode === "automatic" ? "AUTOMATIC" : "MANUAL", processQueue: input["process-queue"], actor: { type: "CLI" } }),
      ),
  ),
  "program:shop-secrets": define(
    "Store the signing secrets of the program's Shopify and/or WooCommerce webhooks → {programId, shopify, woocommerce}",
    z.object({ program: programFlag, shopify: z.string().trim().min(8).max(200).optional(), woocommerce: z.string().trim().min(8).max(200).optional() }),
    { program: str, shopify: str, woocommerce: str },
    async (input) => naming(() => setShopSecrets(db, { programId: input.program, shopify: input.shopify, woocommerce: input.woocommerce })),
  ),
  "member:enroll": define(
    "Make an existing account a member of a program (rewards its earlier purchases) → {memberId, memberCode}",
    z.object({ program: programFlag, email: emailSchema }),
    { program: str, email: str },
    async (input) => naming(() => enrollMember(db, { programId: input.program, email: input.email })),
  ),
  "member:balance": define(
    "A member's balances in minor units → {pending, available, held, lifetime}",
    z.object({ program: programFlag, email: emailSchema }),
    { program: str, email: str },
    async (input) => {
      const b = await naming(() => getMemberBalance(db, { programId: input.program, email: input.email }));
      // lifetime: cashback credited over time less what refunds reversed (see getMemberBalance).
      return { memberId: b.memberId, currency: b.currency, pending: b.pending.toString(), available: b.available.toString(), held: b.held.toString(), lifetime: b.lifetime.toString() };
    },
  ),
  "rewards:release-due": define(
    "Make rewards whose hold period has ended available, now or as if at --at → {released}",
    z.object({ at: instantFlag.optional() }),
    { at: str },
    async (input) => releaseDueRewards(db, { now: input.at }),
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
    "Prove the ledger balances, every paid withdrawal charged once, payouts clearing and each provider's liability and prepaid balance; with --stripe, also the withdrawals' transfers, payouts clearing and payout costs against Stripe's balance transactions; exit code 1 on any discrepancy",
    z.object({ stripe: z.boolean().optional() }),
    { stripe: { type: "boolean" } },
    async (input) => {
      const result = await reconcile(db, { funding: true, stripe: input.stripe === true });
      return { ...result, exitCode: result.ok ? 0 : 1 };
    },
  ),
};
