/**
 * The security headers every answer carries. Pure functions: next.config.ts (static headers for every path,
 * the API policy) and the request gate (a page's policy with its per-request nonce) both build from here.
 */

export type Header = { key: string; value: string };

/** Plaid Link's script and frame (react-plaid-link loads them from Plaid's CDN when a member links a bank). */
const PLAID = ["https://cdn.plaid.com"];

/**
 * A page's Content-Security-Policy: scripts only with this request's nonce ('strict-dynamic' lets the scripts
 * Next loads with it load theirs, such as Plaid Link); React and the UI libraries set style attributes, so
 * inline styles stay allowed; nothing may frame us. In development React needs eval for its debugging.
 */
export function pageContentSecurityPolicy({ nonce, development = false, https = false }: { nonce: string; development?: boolean; https?: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' ${PLAID.join(" ")}${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self' ${PLAID.join(" ")}`,
    `frame-src ${PLAID.join(" ")}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** An API answer is data, never a document: it loads nothing and is framed by no one. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A fresh, unguessable nonce per request (128 random bits). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * What every answer carries besides its CSP. HSTS only in production: a development server on plain HTTP
 * must not pin a browser to HTTPS for localhost.
 */
export function staticSecurityHeaders({ production }: { production: boolean }): Header[] {
  return [
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}
