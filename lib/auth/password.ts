import argon2 from "argon2";

// OWASP's argon2id baseline (19 MiB, t=2, p=1): strong enough, and fast enough for a 2-core box.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown e-mail cannot be told apart by response time. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hashPassword("boomerang-timing-equaliser");
  await verifyPassword(await dummyHash, password);
  return false;
}
