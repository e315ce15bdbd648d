import type { ComponentProps, CSSProperties } from "react";

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

// Mirrors --foreground and --surface-muted in app/globals.css (light, dark).
const LIGHT = { text: "#0b0b0f", bg: "#f3f3f5" };
const DARK = { text: "#f4f4f5", bg: "#1c1c20" };

type Vec3 = [number, number, number];

function toLinear(hex: string): Vec3 {
  const h = hex.slice(1);
  const full = h.length === 3 ? [...h].map((c) => c + c).join("") : h;
  const srgb = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
  return srgb.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as Vec3;
}

function luminance([r, g, b]: Vec3): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: Vec3, b: Vec3): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function linearToOklab([r, g, b]: Vec3): Vec3 {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

function oklabToLinear([L, a, b]: Vec3): Vec3 {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return [
    clamp(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    clamp(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    clamp(-0.0041960863 * l - 0.7034186147 * m + 1.707612492 * s),
  ];
}

// Same maths as CSS `color-mix(in oklab, brand, foreground p%)`.
function mix(brand: Vec3, toward: Vec3, p: number): Vec3 {
  const a = linearToOklab(brand);
  const b = linearToOklab(toward);
  return oklabToLinear([0, 1, 2].map((i) => a[i]! * (1 - p) + b[i]! * p) as Vec3);
}

function minimalMix(brand: Vec3, mode: { text: string; bg: string }, target: number): number {
  const text = toLinear(mode.text);
  const bg = toLinear(mode.bg);
  for (let pct = 0; pct <= 100; pct += 2) {
    if (contrast(mix(brand, text, pct / 100), bg) >= target) return pct;
  }
  return 100;
}

/** White or near-black, whichever has the higher WCAG contrast on the given colour. */
export function readableForeground(hex: string): string {
  const c = toLinear(hex);
  return contrast(c, toLinear("#ffffff")) >= contrast(c, toLinear(LIGHT.text)) ? "#ffffff" : LIGHT.text;
}

/**
 * How much foreground (in %) must be mixed into the brand colour for brand-coloured text to reach
 * 4.5:1 in both light and dark mode. Drives `text-brand-emphasis` and the focus ring.
 */
export function brandEmphasisMix(hex: string): number {
  const brand = toLinear(hex);
  return Math.max(minimalMix(brand, LIGHT, 4.5), minimalMix(brand, DARK, 4.5));
}

/**
 * Inline style that re-brands a subtree. Only #rgb/#rrggbb is accepted: the value comes from
 * program settings and ends up in a style attribute, so anything else is ignored.
 */
export function brandStyle(color: string | null | undefined): CSSProperties | undefined {
  if (!color || !HEX_COLOR.test(color)) return undefined;
  return {
    "--brand": color,
    "--brand-foreground": readableForeground(color),
    "--brand-emphasis-mix": `${brandEmphasisMix(color)}%`,
  } as CSSProperties;
}

export type BrandScopeProps = Omit<ComponentProps<"div">, "color"> & {
  /** Program brand colour as hex; invalid or missing values fall back to the Boomerang teal. */
  color?: string | null;
};

/** Wrap program-branded areas so primary buttons, links, badges and focus rings take the program colour. */
export function BrandScope({ color, style, ...props }: BrandScopeProps) {
  return <div style={{ ...brandStyle(color), ...style }} {...props} />;
}
