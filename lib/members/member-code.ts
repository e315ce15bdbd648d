import { randomInt } from "node:crypto";

// Crockford-style alphabet without 0/O, 1/I/L, U: easy to read aloud and to type at a till.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A short human code such as "K7QM-4XTR" (30^8 ≈ 6.5e11 possibilities). */
export function newMemberCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Accepts what a cashier types: any case, with or without the dash or spaces. */
export function normaliseMemberCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, "");
  if (raw.length !== 8 || [...raw].some((c) => !ALPHABET.includes(c))) return null;
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}
