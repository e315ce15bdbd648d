import { NextResponse, type NextRequest } from "next/server";
import { refreshSession } from "@/lib/auth/refresh-session";
import { areaOf, homeFor, mayEnter } from "@/lib/auth/roles";

// Only a path inside one of the gated areas; anything else lands on the user's home.
const NEXT = /^\/(admin|dashboard|register|wallet)(\/[A-Za-z0-9._~\/-]*)?$/;

/** Where proxy.ts sends a session whose roles do not let it in: re-read them, re-issue the cookie, go on. */
export async function GET(req: NextRequest) {
  const refreshed = await refreshSession((name) => req.cookies.get(name)?.value);
  if (!refreshed.live) {
    const response = NextResponse.redirect(new URL("/signin", req.url));
    if (refreshed.cookie) response.cookies.delete(refreshed.cookie.name);
    return response;
  }
  const next = req.nextUrl.searchParams.get("next") ?? "";
  const area = NEXT.test(next) ? areaOf(next) : null;
  const target = area && mayEnter(area, refreshed.live.roles) ? next : homeFor(refreshed.live.roles);
  const response = NextResponse.redirect(new URL(target, req.url));
  const { name, value, maxAge, secure } = refreshed.cookie;
  response.cookies.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge });
  return response;
}
