/**
 * Renders the app icons in public/icons from one SVG (the Boomerang mark), once: `npx tsx scripts/make-icons.ts`.
 * The PNGs are committed; run it again only when the mark changes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
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

// app/favicon.ico, for browsers and tools that ask for /favicon.ico: one 32×32 PNG in an ICO container (an
// ICONDIR, one ICONDIRENTRY, then the PNG, as every browser since IE Vista reads it).
const png = await sharp(Buffer.from(svg(32, { rounded: true, inset: 0.1 }))).png({ compressionLevel: 9 }).toBuffer();
const header = Buffer.alloc(22);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(1, 4); // one image
header.writeUInt8(32, 6); // width
header.writeUInt8(32, 7); // height
header.writeUInt8(0, 8); // no palette
header.writeUInt8(0, 9); // reserved
header.writeUInt16LE(1, 10); // colour planes
header.writeUInt16LE(32, 12); // bits per pixel
header.writeUInt32LE(png.length, 14); // image size
header.writeUInt32LE(22, 18); // image offset
writeFileSync(path.join(process.cwd(), "app", "favicon.ico"), Buffer.concat([header, png]));
console.log("app/favicon.ico");
