import { LogOut } from "lucide-react";
import { cookies } from "next/headers";
import { buttonVariants } from "@/components/ui/button";

// next-auth's double-submit CSRF cookie ("token|hash"); the __Host- name is used when NEXTAUTH_URL is https.
const CSRF_COOKIES = ["__Host-next-auth.csrf-token", "next-auth.csrf-token"];

/**
 * Sign-out as a plain form posted to next-auth's own endpoint: it works before (or without) JavaScript and
 * ships none. next-auth checks the token against its CSRF cookie; when that cookie is gone (it lives for the
 * browser session, the sign-in for a week), next-auth answers with its sign-out page, which asks once more.
 */
export async function SignOutButton({ className }: { className?: string } = {}) {
  const jar = await cookies();
  const csrfToken = CSRF_COOKIES.map((name) => jar.get(name)?.value).find(Boolean)?.split("|")[0] ?? "";
  return (
    <form method="post" action="/api/auth/signout">
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value="/" />
      <button type="submit" className={className ?? buttonVariants({ variant: "ghost", size: "sm" })}>
        <LogOut aria-hidden className="size-4" />
        <span>Sign out</span>
      </button>
    </form>
  );
}
