// Resolving against a host no request can name tells "same origin" apart from everything else.
const PROBE_ORIGIN = "https://callback.invalid";
const MAX_LENGTH = 2000;
// Browsers drop tabs and newlines from URLs and read "\" as "/", so "/\t/evil.example" becomes "//evil.example";
// control characters also cannot go into a Location header. Any of them: not a destination.
const UNSAFE_CHARACTER = /[\s\u0000-\u001f\u007f-\u009f\\]/;

/**
 * Only same-site paths may be used as a post-sign-in destination (no open redirects): the path, query and
 * fragment of a URL that stays on our origin, normalised; anything else is undefined (use the default).
 */
export function safeCallbackUrl(value: unknown): string | undefined {
  const path = sameOriginPath(value);
  // Signing in to land on a sign-in page would go round in circles.
  if (path === undefined || /^\/(signin|signup)(\/|$|\?|#)/.test(path)) return undefined;
  return path;
}

/** A path, query and fragment that stays on our origin, normalised; undefined for anything else. */
function sameOriginPath(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return undefined;
  if (!value.startsWith("/") || value.startsWith("//") || UNSAFE_CHARACTER.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== PROBE_ORIGIN) return undefined;
  const path = url.pathname;
  if (path.startsWith("//") || path.startsWith("/api/")) return undefined;
  return `${path}${url.search}${url.hash}`;
}

/**
 * next-auth's redirect callback: a relative path or an absolute URL on `baseUrl`'s origin (the sign-in page
 * included: signing out lands there); anything else goes to the base URL.
 */
export function safeRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const base = baseUrl.replace(/\/+$/, "");
  let path: string | undefined;
  if (url.startsWith("/")) {
    path = sameOriginPath(url);
  } else {
    try {
      const absolute = new URL(url);
      if (absolute.origin === new URL(base).origin && !UNSAFE_CHARACTER.test(url)) path = sameOriginPath(`${absolute.pathname}${absolute.search}${absolute.hash}`);
    } catch {
      path = undefined;
    }
  }
  return path ? `${base}${path}` : base;
}
