import type { MetadataRoute } from "next";

/** Makes the member wallet installable ("Add to home screen"); it opens straight on the wallet. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/wallet",
    name: "Boomerang — your cashback wallet",
    short_name: "Boomerang",
    description: "Your cashback from every shop you love: show your card, watch it grow, spend it.",
    start_url: "/wallet",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#f7f7f8",
    theme_color: "#0f766e",
    categories: ["finance", "shopping"],
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
