import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { DomainError } from "@/lib/errors";
import { authenticate } from "./authenticate";
import { deviceCookieWith, deviceUsers } from "./device";
import { recordFailures, throttleWait, waitAfter } from "./throttle";

const PASSWORD = "correct-horse-battery";

beforeAll(async () => {
  await createUser(db, { email: "ann@example.test", password: PASSWORD, name: "Ann" });
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** Wrong passwords until the e-mail is slowed down (refused attempts are part of what an attacker sends). */
async function attack(email: string, attempts: number) {
  for (let i = 0; i < attempts; i++) {
    await authenticate({ email, password: "wrong-password", ip: `10.9.${Math.floor(i / 200)}.${i % 200}` }).catch((e: unknown) => {
      if (!(e instanceof DomainError) || e.code !== "RATE_LIMITED") throw e;
    });
  }
}

describe("authenticate", () => {
  it("accepts the right password, case-insensitively on the e-mail, with roles, and records the sign-in", async () => {
    const user = await authenticate({ email: "  ANN@example.test ", password: PASSWORD, ip: "1.1.1.1", userAgent: "Mozilla/5.0 (iPhone)" });
    expect(user).toMatchObject({ email: "ann@example.test", name: "Ann", roles: { admin: false, staff: [] }, sessionVersion: 0 });
    const row = await db.signIn.findUniqueOrThrow({ where: { id: user!.sessionId } });
    expect(row).toMatchObject({ userId: user!.id, ip: "1.1.1.1", userAgent: "Mozilla/5.0 (iPhone)", endedAt: null });
    expect(deviceUsers(user!.device)).toEqual([user!.id]);
  });

  it("answers a wrong password and an unknown e-mail the same way", async () => {
    expect(await authenticate({ email: "ann@example.test", password: "wrong-password", ip: "1.1.1.2" })).toBeNull();
    expect(await authenticate({ email: "nobody@example.test", password: "wrong-password", ip: "1.1.1.2" })).toBeNull();
  });

  it("treats malformed input as a failed sign-in, not an error", async () => {
    for (const input of [{ email: 42, password: "x" }, { email: "not-an-email", password: "x" }, { email: "ann@example.test", password: null }, { email: "ann@example.test", password: "x".repeat(5000) }]) {
      expect(await authenticate({ ...input, ip: "1.1.1.3" })).toBeNull();
    }
  });

  it("counts only failures: twenty successful sign-ins in a row never slow the owner down", async () => {
    await createUser(db, { email: "often@example.test", password: PASSWORD });
    for (let i = 0; i < 20; i++) expect(await authenticate({ email: "often@example.test", password: PASSWORD, ip: "10.1.0.1" })).not.toBeNull();
  });

  it("slows down failed attempts per e-mail whether or not the account exists, with a wait that says how long", async () => {
    await createUser(db, { email: "bob@example.test", password: PASSWORD });
    for (const email of ["bob@example.test", "ghost@example.test"]) {
      for (let i = 0; i < 5; i++) expect(await authenticate({ email, password: "wrong-password", ip: `10.0.0.${i}` })).toBeNull();
      expect((await db.signInThrottle.findUniqueOrThrow({ where: { key: `email:${email}` } })).failures).toBe(5);
      // Seven more failures (as if spread over time): the next attempt waits 2^7 s, whatever the password.
      for (let i = 0; i < 7; i++) await recordFailures(db, [`email:${email}`]);
      const error = await refusal(authenticate({ email, password: PASSWORD, ip: "10.0.1.1" }));
      expect(error.code).toBe("RATE_LIMITED");
      expect(error.message).toMatch(/^Too many failed sign-in attempts\. Try again in \d+ (seconds?|minutes)\.$/);
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  it("never locks the owner out: an attacker's failures do not stop a sign-in from a device that signed in before", async () => {
    const owner = await createUser(db, { email: "victim@example.test", password: PASSWORD });
    const first = await authenticate({ email: "victim@example.test", password: PASSWORD, ip: "192.0.2.1" });
    await attack("victim@example.test", 5);
    // …and many more over time (counted directly: the waits between them are not what this test is about).
    for (let i = 0; i < 10; i++) await recordFailures(db, ["email:victim@example.test"]);
    // A new device (or the attacker) waits…
    expect((await refusal(authenticate({ email: "victim@example.test", password: PASSWORD, ip: "192.0.2.9" }))).code).toBe("RATE_LIMITED");
    // …a forged device cookie changes nothing…
    const forged = `${Buffer.from(JSON.stringify([owner.id])).toString("base64url")}.AAAA`;
    expect((await refusal(authenticate({ email: "victim@example.test", password: PASSWORD, ip: "192.0.2.9", device: forged }))).code).toBe("RATE_LIMITED");
    // …the owner's own device signs in at once.
    const again = await authenticate({ email: "victim@example.test", password: PASSWORD, ip: "192.0.2.1", device: first!.device });
    expect(again?.id).toBe(owner.id);
  });

  it("makes each further failure wait twice as long, and does not count attempts refused while waiting", async () => {
    expect([4, 5, 6, 7, 8, 30].map((f) => waitAfter(f, { free: 5 }))).toEqual([0, 1, 2, 4, 8, 900]);
    const key = "email:growing@example.test";
    const waitAtLastFailure = async () => {
      const row = await db.signInThrottle.findUniqueOrThrow({ where: { key } });
      return throttleWait(db, key, { free: 5 }, row.lastFailureAt);
    };
    for (let i = 0; i < 5; i++) await recordFailures(db, [key]);
    expect(await waitAtLastFailure()).toBe(1);
    await recordFailures(db, [key]);
    expect(await waitAtLastFailure()).toBe(2);
    for (let i = 0; i < 6; i++) await recordFailures(db, [key]);
    expect(await waitAtLastFailure()).toBe(128);
    for (let i = 0; i < 3; i++) expect((await refusal(authenticate({ email: "growing@example.test", password: "x", ip: "10.2.0.1" }))).code).toBe("RATE_LIMITED");
    expect((await db.signInThrottle.findUniqueOrThrow({ where: { key } })).failures).toBe(12);
  });

  it("a device cookie vouches for the few accounts that signed in on it, newest first", () => {
    let cookie = "";
    for (const id of ["a", "b", "c", "d", "e", "f", "b"]) cookie = deviceCookieWith(cookie, id);
    expect(deviceUsers(cookie)).toEqual(["b", "f", "e", "d", "c"]);
    expect(deviceUsers(cookie.replace(/.$/, "x"))).toEqual([]);
  });
});
