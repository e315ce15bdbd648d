import { appUrl } from "@/lib/app-url";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The app's own origin, from its public URL (APP_URL / NEXTAUTH_URL). */
export function appOrigin(): string {
  return new URL(appUrl()).origin;
}

/**
 * Whether a cookie-carrying request comes from our own pages: its Origin is ours, or the browser's
 * Sec-Fetch-Site says same-origin (or "none": the user's own navigation); without either, the Referer is ours.
 * A request with none of the three is not from a browser (every browser sends Origin or Sec-Fetch-Site on a
 * cross-site POST), so it cannot be a forged one.
 */
export function fromOwnOrigin(headers: Headers, own = appOrigin()): boolean {
  const origin = headers.get("origin");
  if (origin === own) return true;
  // Sec-Fetch-Site is the browser's own word (pages cannot set it): "same-origin" means one of this server's
  // pages made the request, also when the app is opened at another address than APP_URL (127.0.0.1 for localhost).
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  if (origin !== null) return false;
  const referer = headers.get("referer");
  if (referer !== null) {
    try {
      return new URL(referer).origin === own;
    } catch {
      return false;
    }
  }
  return true;
}

export const FOREIGN_ORIGIN_DETAIL = "This request came from another site; only Boomerang's own pages can make changes with your session.";
