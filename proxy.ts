import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { areaOf, mayEnter } from "@/lib/auth/roles";
import { refuseForeignChange, securePage } from "@/lib/http/page-security";

/**
 * The request gate: signed-out visitors of a signed-in area go to sign-in; a signed-in user who strays into
 * another audience's area is sent to their own. Pages, actions and routes check role and tenant again.
 */
const gate = withAuth(
  function gate(req) {
    const area = areaOf(req.nextUrl.pathname);
    const roles = req.nextauth.token?.roles ?? { admin: false, staff: [] };
    // The token's roles may be stale (a role granted since sign-in): the refresh route re-reads them.
    if (area && !mayEnter(area, roles)) return NextResponse.redirect(new URL(`/session/refresh?next=${encodeURIComponent(req.nextUrl.pathname)}`, req.url));
    return securePage(req);
  },
  {
    pages: { signIn: "/signin" },
    callbacks: { authorized: ({ token }) => token !== null },
  },
);

const SIGNED_IN_AREAS = ["/admin", "/dashboard", "/register", "/wallet", "/onboarding"];

/**
 * Every page passes here for its CSP nonce, and changes from other sites stop here (lib/http/page-security.ts);
 * only the signed-in areas pass the sign-in gate.
 */
export function proxy(req: NextRequest, event: NextFetchEvent) {
  const foreign = refuseForeignChange(req);
  if (foreign) return foreign;
  const path = req.nextUrl.pathname;
  if (SIGNED_IN_AREAS.some((area) => path === area || path.startsWith(`${area}/`))) return gate(req as NextRequestWithAuth, event);
  return securePage(req);
}

export const config = {
  // Pages only: APIs get their headers from next.config.ts, and static files need no nonce.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.ico|icons/|manifest\\.webmanifest|.*\\.(?:png|jpg|jpeg|svg|webp|ico|woff2?)$).*)"],
};
