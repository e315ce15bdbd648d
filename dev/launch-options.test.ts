import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { launchOptions, recallAppUrl, rememberAppUrl } from "./launch-options";

describe("launchOptions", () => {
  it("honours Next's own -p and -H flags (npm start -- -p 8080), and the app URL follows the port", () => {
    expect(launchOptions(["start", "-p", "8080"], {})).toEqual({ mode: "start", port: "8080", hostname: undefined, appUrl: "http://localhost:8080", nextArgs: ["start", "-p", "8080"] });
    expect(launchOptions(["dev", "--port", "4000", "-H", "0.0.0.0"], {})).toMatchObject({ port: "4000", hostname: "0.0.0.0", nextArgs: ["dev", "-p", "4000", "-H", "0.0.0.0"] });
  });

  it("falls back to PORT, then 3000, and listens on localhost only in development unless told otherwise", () => {
    expect(launchOptions(["dev"], { PORT: "3005" })).toMatchObject({ port: "3005", hostname: "localhost", appUrl: "http://localhost:3005" });
    expect(launchOptions(["start"], {})).toMatchObject({ port: "3000", hostname: undefined });
  });

  it("keeps an APP_URL or NEXTAUTH_URL that was set, and refuses a port that is not one", () => {
    expect(launchOptions(["start", "-p", "8080"], { APP_URL: "https://cashback.example/" }).appUrl).toBe("https://cashback.example");
    expect(launchOptions(["start"], { NEXTAUTH_URL: "https://a.example" }).appUrl).toBe("https://a.example");
    expect(() => launchOptions(["dev", "-p", "eighty"], {})).toThrow(/port/);
  });
});

describe("the app URL the CLI and worker use", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is the one the launcher last started the app on, unless APP_URL or NEXTAUTH_URL is set", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "boomerang-url-"));
    const env: Record<string, string> = {};
    recallAppUrl(env, dir);
    expect(env.APP_URL).toBeUndefined();
    rememberAppUrl("http://localhost:8080", dir);
    recallAppUrl(env, dir);
    expect(env.APP_URL).toBe("http://localhost:8080");
    const configured: Record<string, string> = { NEXTAUTH_URL: "https://a.example" };
    recallAppUrl(configured, dir);
    expect(configured.APP_URL).toBeUndefined();
  });
});
