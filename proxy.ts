import { NextResponse } from "next/server";
import { withAuth } from "next-auth/middleware";
import { areaOf, mayEnter } from "@/lib/auth/roles";

/**
 * The request gate: signed-out visitors of a signed-in area go to sign-in; a signed-in user who strays into
 * another audience's area is sent to their own. Pages, actions and routes check role and tenant again.
 */
export const proxy = withAuth(
  function gate(req) {
    const area = areaOf(req.nextUrl.pathname);
    const roles = req.nextauth.token?.roles ?? { admin: false, staff: [] };
    // The token's roles may be stale (a role granted since sign-in): the refresh route re-reads them.
    if (area && !mayEnter(area, roles)) return NextResponse.redirect(new URL(`/session/refresh?next=${encodeURIComponent(req.nextUrl.pathname)}`, req.url));
    return NextResponse.next();
  },
  {
    pages: { signIn: "/signin" },
    callbacks: { authorized: ({ token }) => token !== null },
  },
);

export const config = {
  matcher: ["/admin/:path*", "/dashboard/:path*", "/register/:path*", "/wallet/:path*", "/onboarding/:path*"],
};
