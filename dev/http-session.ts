/**
 * A browser's cookies, for development and test tools that drive the app over HTTP (the dev warm-up, the
 * cluster check): signs in through next-auth's credentials flow and sends the cookies it got to any
 * instance (as behind one load balancer).
 */
export class CookieJar {
  private cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1));
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * Signs in with e-mail and password at `base` (its origin must be the app's APP_URL, which `origin` gives
 * when they differ). Returns the jar holding the session, and the CSRF token for a later sign-out; throws
 * when no session cookie came back.
 */
export async function signInOverHttp(base: string, email: string, password: string, origin = base): Promise<{ jar: CookieJar; csrfToken: string }> {
  const jar = new CookieJar();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), origin },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/`, json: "true" }),
  });
  jar.take(res);
  if (!/session-token=/.test(jar.header())) throw new Error(`signing in as ${email} at ${base} gave no session (${res.status})`);
  return { jar, csrfToken };
}
