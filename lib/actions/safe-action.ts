import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { databaseUnavailable, isDatabaseUnavailable } from "@/lib/db/errors";
import { DomainError } from "@/lib/errors";
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { STAFF_TWO_FACTOR_REQUIRED, staffTwoFactorMissing } from "@/lib/providers/staff-two-factor";
import type { StaffRole } from "@/lib/db/generated/enums";
import { describeZodError, formDataToObject } from "@/lib/validation";
import type { ActionResult } from "./result";

export type { ActionResult } from "./result";

type Handler<S extends z.ZodType, Ctx, T> = (input: z.output<S>, ctx: Ctx) => Promise<T>;

/** Server actions receive FormData from forms and plain objects from code; both become one object for zod. */
function normalise(raw: unknown): unknown {
  return raw instanceof FormData ? formDataToObject(raw) : raw;
}

async function run<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message, field: error.field } };
    if (error instanceof z.ZodError) return { ok: false, error: { code: "VALIDATION", ...describeZodError(error) } };
    // Next's redirect()/notFound() work by throwing; let them through.
    if (error instanceof Error && "digest" in error && typeof error.digest === "string" && error.digest.startsWith("NEXT_")) throw error;
    if (isDatabaseUnavailable(error)) {
      console.warn(`[action] database unavailable: ${error instanceof Error ? error.message : String(error)}`);
      const unavailable = databaseUnavailable();
      return { ok: false, error: { code: unavailable.code, message: unavailable.message } };
    }
    const requestId = randomUUID();
    console.error(`[action ${requestId}]`, error);
    return { ok: false, error: { code: "INTERNAL", message: `Something went wrong on our side (reference ${requestId}).` } };
  }
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(normalise(raw));
  if (!parsed.success) {
    const { message, field } = describeZodError(parsed.error);
    throw new DomainError("VALIDATION", message, { field });
  }
  return parsed.data;
}

export type ActionBuilders = ReturnType<typeof createActionBuilders>;

/**
 * The builders, given how to find the caller. The app uses the session (below); tests pass a fixed user so the
 * role and tenant checks run for real without an HTTP request.
 */
export function createActionBuilders(getUser: () => Promise<SessionUser | null>) {
  async function signedIn(): Promise<SessionUser> {
    const user = await getUser();
    if (!user) throw new DomainError("UNAUTHENTICATED", "Please sign in again.");
    return user;
  }

  return {
    /** Anyone may call it (sign-up, public forms). The handler must rate-limit what is worth abusing. */
    publicAction<S extends z.ZodType, T>(schema: S, handler: Handler<S, Record<string, never>, T>) {
      return async (raw: unknown): Promise<ActionResult<T>> => run(async () => handler(parse(schema, raw), {}));
    },

    /** Any signed-in user, acting for themselves. */
    memberAction<S extends z.ZodType, T>(schema: S, handler: Handler<S, { user: SessionUser }, T>) {
      return async (raw: unknown): Promise<ActionResult<T>> =>
        run(async () => {
          const user = await signedIn();
          return handler(parse(schema, raw), { user });
        });
    },

    /**
     * Staff of one provider. The input must carry `providerId`; the caller must hold one of `roles` there,
     * checked against the database on every call, so a forged id reaches nothing.
     */
    providerAction<S extends z.ZodType<{ providerId: string }>, T>(roles: readonly StaffRole[], schema: S, handler: Handler<S, ProviderContext, T>) {
      return async (raw: unknown): Promise<ActionResult<T>> =>
        run(async () => {
          const user = await signedIn();
          const input = parse(schema, raw);
          const grant = user.roles.staff.find((s) => s.providerId === input.providerId);
          if (!grant) throw new DomainError("NOT_FOUND", "That business does not exist or you are not part of it.");
          if (!roles.includes(grant.role)) throw new DomainError("FORBIDDEN", "Your role does not allow this.");
          if (await staffTwoFactorMissing(db, { userId: user.id, providerId: grant.providerId })) throw new DomainError("FORBIDDEN", STAFF_TWO_FACTOR_REQUIRED);
          return handler(input, { user, providerId: grant.providerId, role: grant.role });
        });
    },

    /** Platform admins only. */
    adminAction<S extends z.ZodType, T>(schema: S, handler: Handler<S, { user: SessionUser }, T>) {
      return async (raw: unknown): Promise<ActionResult<T>> =>
        run(async () => {
          const user = await signedIn();
          if (!user.roles.admin) throw new DomainError("FORBIDDEN", "Only platform admins can do this.");
          return handler(parse(schema, raw), { user });
        });
    },
  };
}

export type ProviderContext = { user: SessionUser; providerId: string; role: StaffRole };

// currentUser re-reads the user's roles from the database on every request, so a revoked role stops working at once.
export const { publicAction, memberAction, providerAction, adminAction } = createActionBuilders(currentUser);
