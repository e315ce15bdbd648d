import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.dirname(new URL(import.meta.url).pathname);

/** The modules the barrel re-exports. */
function barrelModules(): string[] {
  const source = readFileSync(path.join(dir, "index.ts"), "utf8");
  return [...source.matchAll(/from "\.\/([\w-]+)"/g)].map((m) => m[1]!);
}

describe("components/ui barrel", () => {
  // A server page that imports the barrel ships every client module it re-exports to the browser, used or not
  // (that is how the wallet once carried the dialog and tailwind-merge). Client primitives are imported by path.
  it("re-exports no client module", () => {
    const modules = barrelModules();
    expect(modules.length).toBeGreaterThan(10);
    const client = modules.filter((m) => /^\s*["']use client["']/.test(readFileSync(path.join(dir, `${m}.tsx`), "utf8")));
    expect(client).toEqual([]);
  });
});
