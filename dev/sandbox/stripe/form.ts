/** A value decoded from Stripe's form encoding (`a[b][0][c]=v`). */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** Decodes application/x-www-form-urlencoded with Stripe's bracket notation into nested objects and arrays. */
export function decodeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.replace(/\]/g, "").split("[");
    let node: FormObject = root;
    for (let i = 0; i < path.length; i++) {
      const key = path[i] === "" ? String(Object.keys(node).length) : path[i]!;
      if (i === path.length - 1) {
        node[key] = value;
      } else {
        const next = node[key];
        if (typeof next !== "object" || Array.isArray(next)) node[key] = {};
        node = node[key] as FormObject;
      }
    }
  }
  return arrays(root) as FormObject;
}

// Objects whose keys are exactly 0..n-1 were arrays (line_items[0], expand[]).
function arrays(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: FormObject = {};
  for (const k of keys) converted[k] = arrays(value[k]!);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => converted[k]!);
  return converted;
}

export function str(value: FormValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function obj(value: FormValue | undefined): FormObject {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

export function list(value: FormValue | undefined): FormValue[] {
  return Array.isArray(value) ? value : [];
}

export function int(value: FormValue | undefined): number | undefined {
  const s = str(value);
  if (s === undefined || !/^-?\d+$/.test(s)) return undefined;
  return Number(s);
}

export function bool(value: FormValue | undefined): boolean | undefined {
  const s = str(value);
  return s === "true" ? true : s === "false" ? false : undefined;
}

/** metadata[...] as Stripe stores it: string values only. */
export function metadata(value: FormValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value))) if (typeof v === "string") out[k] = v;
  return out;
}
