import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { endAllSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { createUser } from "./create-user";
import { describeDevice, listSignIns } from "./list-sign-ins";

const PASSWORD = "a-long-password-1";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
const WINDOWS_EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0";

describe("recent sign-ins", () => {
  it("names the device from its user agent", () => {
    expect(describeDevice(IPHONE)).toBe("Safari on iPhone");
    expect(describeDevice(WINDOWS_EDGE)).toBe("Edge on Windows");
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0")).toBe("Firefox on Linux");
    expect(describeDevice("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36")).toBe("Chrome on Android");
    expect(describeDevice("")).toBe("Unknown device");
  });

  it("records every successful sign-in (time, device, address), newest first, marking this device's and ended ones", async () => {
    const email = `s-${randomUUID().slice(0, 8)}@signins.test`;
    const user = await createUser(db, { email, password: PASSWORD });
    const first = await authenticate({ email, password: PASSWORD, ip: "198.51.100.1", userAgent: IPHONE });
    expect(await authenticate({ email, password: "wrong-password", ip: "198.51.100.3" })).toBeNull();
    await endAllSessions(db, user.id);
    const second = await authenticate({ email, password: PASSWORD, ip: "198.51.100.2", userAgent: WINDOWS_EDGE });
    const list = await listSignIns(user.id, second?.sessionId);
    expect(list.map(({ device, ip, current, ended }) => ({ device, ip, current, ended }))).toEqual([
      { device: "Edge on Windows", ip: "198.51.100.2", current: true, ended: false },
      { device: "Safari on iPhone", ip: "198.51.100.1", current: false, ended: true },
    ]);
    expect(list[1]?.id).toBe(first?.sessionId);
  });
});
