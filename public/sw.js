// Boomerang's member card, offline. Registered by the card page only, for the /wallet scope.
//
// What is kept: the card page's HTML (network first: a fresh copy whenever online) and the static files it
// loads (/_next/static/…, content-hashed, so cache first is safe). Nothing else: no API answer is stored —
// balances and other money stay online-only — and every other request goes to the network untouched.
//
// Versioning: raise VERSION when this file's logic changes. The browser checks /sw.js on navigation; a new
// worker takes over at once and deletes every cache of an older version. Static files of past deploys are
// trimmed to the newest MAX_STATIC entries.
const VERSION = "v1";
const PAGES = `bmr-card-pages-${VERSION}`;
const STATIC = `bmr-card-static-${VERSION}`;
const MAX_STATIC = 80;

const isCardPage = (url) => url.origin === self.location.origin && url.pathname === "/wallet/card";
const isStatic = (url) => url.origin === self.location.origin && url.pathname.startsWith("/_next/static/");

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([PAGES, STATIC]);
      for (const name of await caches.keys()) if (name.startsWith("bmr-card-") && !keep.has(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  // Signing out asks to forget the card (the page holds the member's name and code).
  if (data.type === "forget-card") event.waitUntil(forgetCard());
  // The card page, on its first load (before this worker controlled it), hands over what it loaded.
  if (data.type === "keep-card" && typeof data.page === "string" && Array.isArray(data.assets)) event.waitUntil(keepCard(data.page, data.assets));
});

async function keepCard(page, assets) {
  const pageUrl = new URL(page, self.location.origin);
  if (!isCardPage(pageUrl)) return;
  const pages = await caches.open(PAGES);
  if (!(await pages.match(pageUrl.href, { ignoreVary: true }))) {
    const response = await fetch(pageUrl.href, { credentials: "same-origin", redirect: "manual" }).catch(() => null);
    if (response && response.ok && response.type === "basic") await pages.put(pageUrl.href, response);
  }
  const files = await caches.open(STATIC);
  for (const asset of assets.slice(0, MAX_STATIC)) {
    const url = new URL(asset, self.location.origin);
    if (!isStatic(url) || (await files.match(url.href))) continue;
    const response = await fetch(url.href).catch(() => null);
    if (response && response.ok && response.type === "basic") await files.put(url.href, response);
  }
  await trim(files);
}

async function forgetCard() {
  await caches.delete(PAGES);
}

async function trim(cache) {
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - MAX_STATIC))) await cache.delete(request);
}

async function cardPage(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.type === "opaqueredirect" || response.redirected) {
      // Sent to sign-in: the session ended, so the stored card must not outlive it.
      await forgetCard();
    } else if (response.ok) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = (await cache.match(request, { ignoreVary: true })) ?? (await cache.match(request, { ignoreSearch: true, ignoreVary: true }));
    if (cached) return cached;
    throw error;
  }
}

async function staticFile(request) {
  const cache = await caches.open(STATIC);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone());
    await trim(cache);
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // A full page load of the card (not the client-side navigation payloads, which carry an RSC header).
  if (request.mode === "navigate" && isCardPage(url)) return event.respondWith(cardPage(request));
  if (isStatic(url)) return event.respondWith(staticFile(request));
});
