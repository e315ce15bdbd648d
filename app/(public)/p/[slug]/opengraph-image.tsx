import { ImageResponse } from "next/og";
import { readableForeground } from "@/components/ui/brand-scope";
import { getPublicProgram } from "@/lib/programs/get-public-program";

export const size = { width: 1200, height: 630 };
export const contentType = "image/png";
export const alt = "Cashback program on Boomerang";

// Only published programs: crawlers are anonymous. ImageResponse's bundled font keeps this offline.
export default async function OpenGraphImage({ params }: { params: Promise<{ slug: string }> }) {
  const program = await getPublicProgram((await params).slug);
  const brand = program?.view.brandColor ?? "#0f766e";
  const fg = readableForeground(brand);
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", flexDirection: "column", justifyContent: "space-between", padding: 72, background: brand, color: fg }}>
        <div style={{ display: "flex", fontSize: 32, opacity: 0.85 }}>{program ? program.view.providerName : "Boomerang"}</div>
        <div style={{ display: "flex", flexDirection: "column" }}>
          <div style={{ display: "flex", fontSize: 84, fontWeight: 700, lineHeight: 1.05 }}>{program ? program.view.name : "Cashback programs"}</div>
          <div style={{ display: "flex", marginTop: 28, fontSize: 48 }}>{program ? program.view.earnHeadline : "Earn on every purchase"}</div>
        </div>
        <div style={{ display: "flex", justifyContent: "space-between", fontSize: 30, opacity: 0.85 }}>
          <span>{program ? program.view.membershipLabel : ""}</span>
          <span>Boomerang</span>
        </div>
      </div>
    ),
    size,
  );
}
