import { describe, expect, it } from "vitest";
import { cleanPattern, matchProgram, normaliseMerchantName, ruleMatches } from "./match-merchant";

const facts = (merchantName: string | null, merchantEntityId: string | null = null) => ({ merchantName, merchantEntityId });

describe("merchant matching", () => {
  it("normalises case, accents and spacing", () => {
    expect(normaliseMerchantName("  CAFÉ   Auröra ")).toBe("cafe aurora");
  });

  it("matches names exactly or by a trailing-* prefix, entity ids exactly", () => {
    expect(ruleMatches({ kind: "NAME", pattern: "Cafe Aurora" }, facts("café aurora"))).toBe(true);
    expect(ruleMatches({ kind: "NAME", pattern: "Cafe Aurora" }, facts("Cafe Aurora 2"))).toBe(false);
    expect(ruleMatches({ kind: "NAME", pattern: "Cafe Aurora*" }, facts("CAFE AURORA #12 LISBOA"))).toBe(true);
    expect(ruleMatches({ kind: "NAME", pattern: "Cafe Aurora*" }, facts("The Cafe Aurora"))).toBe(false);
    expect(ruleMatches({ kind: "NAME", pattern: "Cafe Aurora*" }, facts(null, "ent_1"))).toBe(false);
    expect(ruleMatches({ kind: "ENTITY_ID", pattern: "ent_1" }, facts("anything", "ent_1"))).toBe(true);
    expect(ruleMatches({ kind: "ENTITY_ID", pattern: "ent_1" }, facts("anything", "ENT_1"))).toBe(false);
  });

  it("prefers an entity-id rule over a name rule of another program", () => {
    const rules = [
      { programId: "a", kind: "NAME" as const, pattern: "Kiosk*" },
      { programId: "b", kind: "ENTITY_ID" as const, pattern: "ent_b" },
    ];
    expect(matchProgram(rules, facts("Kiosk 4", "ent_b"))).toBe("b");
    expect(matchProgram(rules, facts("Kiosk 4"))).toBe("a");
    expect(matchProgram(rules, facts("Bakery"))).toBeNull();
  });

  it("refuses patterns that would match too much or are malformed", () => {
    expect(cleanPattern("NAME", "  Cafe   Aurora* ")).toEqual({ pattern: "Cafe Aurora*" });
    expect(cleanPattern("NAME", "*")).toHaveProperty("error");
    expect(cleanPattern("NAME", "Ca*")).toHaveProperty("error");
    expect(cleanPattern("NAME", "Ca*fe")).toHaveProperty("error");
    expect(cleanPattern("ENTITY_ID", "ent 1")).toHaveProperty("error");
    expect(cleanPattern("ENTITY_ID", "eyg8o776k0QmNgVpAmaQj4W")).toEqual({ pattern: "eyg8o776k0QmNgVpAmaQj4W" });
  });
});
