/**
 * Renders the app icons in public/icons from one SVG (the Boomerang mark), once: `npx tsx scripts/make-icons.ts`.
 * The PNGs are committed; run it again only when the mark changes.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

const out = path.join(process.cwd(), "public", "icons");
const BRAND = "#0f766e";

// The logo's stroke (components/shell/logo.tsx) on a brand square. `inset` shrinks the mark so maskable icons
// keep it inside the 80% safe zone that launchers may crop to a circle.
function svg(size: number, { rounded, inset }: { rounded: boolean; inset: number }): string {
  const r = rounded ? size * 0.22 : 0;
  const scale = (size * (1 - 2 * inset)) / 24;
  const offset = size * inset;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" rx="${r}" fill="${BRAND}"/>
  <g transform="translate(${offset} ${offset}) scale(${scale})" fill="none" stroke="#ffffff" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round">
    <path d="M5 15c2-7 12-9 15-3M20 12l-1 4-4-1"/>
  </g>
</svg>`;
}

const icons = [
  { file: "icon-192.png", size: 192, rounded: true, inset: 0.14 },
  { file: "icon-512.png", size: 512, rounded: true, inset: 0.14 },
  { file: "maskable-192.png", size: 192, rounded: false, inset: 0.24 },
  { file: "maskable-512.png", size: 512, rounded: false, inset: 0.24 },
  // iOS rounds the corners itself and shows transparency as black.
  { file: "apple-touch-icon.png", size: 180, rounded: false, inset: 0.16 },
];

mkdirSync(out, { recursive: true });
for (const icon of icons) {
  await sharp(Buffer.from(svg(icon.size, icon))).png({ compressionLevel: 9 }).toFile(path.join(out, icon.file));
  console.log(`public/icons/${icon.file}`);
}
