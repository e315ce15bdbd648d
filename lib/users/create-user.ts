import type { DbOrTx } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { DomainError } from "@/lib/errors";

/** Creates an account directly (operator CLI, seed, tests). The public sign-up goes through requestSignup. */
export async function createUser(db: DbOrTx, input: { email: string; password: string; name?: string | null; isAdmin?: boolean }) {
  const passwordHash = await hashPassword(input.password);
  const [user] = await db.user.createManyAndReturn({
    data: [{ email: input.email, name: input.name ?? null, passwordHash, isAdmin: input.isAdmin ?? false }],
    skipDuplicates: true,
    select: { id: true, email: true, name: true, isAdmin: true },
  });
  if (!user) throw new DomainError("CONFLICT", `An account with the e-mail ${input.email} already exists.`, { field: "email" });
  return user;
}
