import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { DomainError } from "@/lib/errors";
import { authenticate } from "./authenticate";

const PASSWORD = "correct-horse-battery";

beforeAll(async () => {
  await createUser(db, { email: "ann@example.test", password: PASSWORD, name: "Ann" });
});

describe("authenticate", () => {
  it("accepts the right password, case-insensitively on the e-mail, with roles", async () => {
    const user = await authenticate({ email: "  ANN@example.test ", password: PASSWORD, ip: "1.1.1.1" });
    expect(user).toMatchObject({ email: "ann@example.test", name: "Ann", roles: { admin: false, staff: [] } });
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

  it("rate-limits attempts per e-mail whether or not the account exists", async () => {
    await createUser(db, { email: "bob@example.test", password: PASSWORD });
    for (const email of ["bob@example.test", "ghost@example.test"]) {
      for (let i = 0; i < 10; i++) expect(await authenticate({ email, password: "wrong-password", ip: `10.0.0.${i}` })).toBeNull();
      const error = await authenticate({ email, password: PASSWORD, ip: "10.0.1.1" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("RATE_LIMITED");
      expect((error as DomainError).message).toMatch(/Too many sign-in attempts/);
    }
  });
});
