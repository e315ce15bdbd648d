import { describe, expect, it } from "vitest";
import { newMemberCode, normaliseMemberCode } from "./member-code";

describe("member codes", () => {
  it("are 8 unambiguous characters in two groups", () => {
    for (let i = 0; i < 200; i++) expect(newMemberCode()).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
  });
  it("accept what a cashier types", () => {
    expect(normaliseMemberCode("k7qm 4xtr")).toBe("K7QM-4XTR");
    expect(normaliseMemberCode("K7QM-4XTR")).toBe("K7QM-4XTR");
  });
  it("refuse anything else", () => {
    expect(normaliseMemberCode("K7QM-4XT")).toBeNull();
    expect(normaliseMemberCode("O0I1-LLLL")).toBeNull();
    expect(normaliseMemberCode("")).toBeNull();
  });
});
