import { NextResponse, type NextRequest } from "next/server";
import { changesState, FOREIGN_ORIGIN_DETAIL, fromOwnOrigin } from "./origin";
import { problem } from "./problem";
import { newNonce, pageContentSecurityPolicy } from "./security-headers";

/**
 * A change (a server action, a form post, an upload) sent to a page path from another site: 403 before Next
 * sees it. Next's own check of server actions answers a foreign Origin with a 500.
 */
export function refuseForeignChange(req: NextRequest): Response | null {
  if (!changesState(req.method) || fromOwnOrigin(req.headers)) return null;
  return problem("FORBIDDEN", FOREIGN_ORIGIN_DETAIL);
}

/**
 * The request gate's part for a page: a fresh nonce and the page's CSP, set on the request (Next reads the
 * nonce from it and puts it on its own scripts) and on the response.
 */
export function securePage(req: NextRequest): NextResponse {
  const csp = pageContentSecurityPolicy({
    nonce: newNonce(),
    development: process.env.NODE_ENV === "development",
    https: (process.env.APP_URL ?? process.env.NEXTAUTH_URL ?? "").startsWith("https:"),
  });
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}
