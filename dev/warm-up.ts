import { signInOverHttp } from "./http-session";

/**
 * `npm run dev` compiles each route on its first visit: 5–35 s per page on two cores. After start, this
 * visits the main routes once in the background, one at a time, as the demo people they are for (on a demo
 * install; public routes only otherwise), and says in the console when the first visits will be fast.
 * BOOMERANG_WARMUP=0 turns it off.
 */
const PUBLIC = ["/", "/signin", "/signup", "/p/cafe-aurora"];
const AS: { email: string; routes: string[] }[] = [
  { email: "maya@example.test", routes: ["/wallet", "/wallet/history", "/wallet/card", "/wallet/notifications", "/wallet/withdraw", "/wallet/profile"] },
  { email: "owner@aurora.test", routes: ["/dashboard", "/dashboard/orders", "/dashboard/members", "/dashboard/rules", "/dashboard/integrations", "/dashboard/billing"] },
  { email: "cashier@aurora.test", routes: ["/register"] },
  { email: "admin@boomerang.test", routes: ["/admin"] },
];

export async function warmUp(opts: { appUrl: string; demoPassword: string | null; log: (message: string) => void; ready?: () => Promise<void> }): Promise<void> {
  const { appUrl, log } = opts;
  const started = performance.now();
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
  // Until Next answers, there is nothing to compile against.
  for (let i = 0; i < 600; i++) {
    const up = await fetch(`${appUrl}/api/health`).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  log("warming up: compiling the main pages in the background (the first visit of a page not yet warm can take a while)");
  let warmed = 0;
  const visit = async (route: string, cookie?: string) => {
    const at = performance.now();
    try {
      const res = await fetch(`${appUrl}${route}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
      await res.arrayBuffer();
      warmed++;
      if (res.status >= 500) log(`warming up: ${route} answered ${res.status}`);
    } catch (error) {
      log(`warming up: ${route} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return seconds(at);
  };
  for (const route of PUBLIC) await visit(route);
  if (opts.demoPassword) {
    for (const person of AS) {
      try {
        const { jar, csrfToken } = await signInOverHttp(appUrl, person.email, opts.demoPassword);
        for (const route of person.routes) await visit(route, jar.header());
        // Ends the warm-up's session (it stays in the person's list of recent sign-ins, as signed out).
        await fetch(`${appUrl}/api/auth/signout`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), origin: appUrl },
          body: new URLSearchParams({ csrfToken, callbackUrl: `${appUrl}/`, json: "true" }),
        }).then((r) => r.arrayBuffer());
      } catch (error) {
        log(`warming up: skipped ${person.routes.join(", ")} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }
  log(`warmed up ${warmed} pages in ${seconds(started)}: first visits are fast now`);
}
