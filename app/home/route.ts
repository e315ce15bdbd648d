import { NextResponse, type NextRequest } from "next/server";
import { currentUser } from "@/lib/auth/session";
import { homeFor } from "@/lib/auth/roles";

/** After sign-in: send each user to their own area, with roles read from the database. */
export async function GET(req: NextRequest) {
  const user = await currentUser();
  return NextResponse.redirect(new URL(user ? homeFor(user.roles) : "/signin", req.url));
}
