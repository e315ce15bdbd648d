import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

const read = (file: string) => readFileSync(path.join(root, file), "utf8");

describe("where UI code lives", () => {
  // A component that imports an action from app/ ties the UI to one route; the page passes it down instead.
  it("components receive server actions as props, never import from app/", () => {
    expect(sources("components").filter((f) => /from ["']@\/app\//.test(read(f)))).toEqual([]);
  });

  // app/ holds routes; the only client files there are the ones Next requires to be client (error boundaries).
  it("app/ has no client component besides error boundaries", () => {
    const client = sources("app").filter((f) => /^\s*["']use client["']/.test(read(f)) && !/(^|\/)(global-)?error\.tsx$/.test(f));
    expect(client).toEqual([]);
  });
});
