// musubi's service worker: the app shell comes from the cache on repeat visits, so a weak
// connection only carries API data. Build stamps VERSION and PRECACHE (scripts/build-app.mjs).
const VERSION = "{{VERSION}}";
const PRECACHE = {{PRECACHE}};
const CACHE = `musubi-shell-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("musubi-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// A page keeps its own entry's files, which it fetched before the worker controlled it (index.html).
self.addEventListener("message", (event) => {
  const keep = event.data && Array.isArray(event.data.keep) ? event.data.keep : [];
  const mine = keep.filter((p) => typeof p === "string" && (p.startsWith("/pkg/") || p.startsWith("/style-")));
  if (mine.length) event.waitUntil(caches.open(CACHE).then((c) => c.addAll(mine)).catch(() => {}));
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  // The API is never cached here: the app revalidates it with ETags and queues writes itself.
  if (req.method !== "GET" || url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  if (req.mode === "navigate") {
    // Every page of the single-page app is the shell. Cache first: on a weak connection the app
    // opens at once; a new version arrives with the next service-worker update. The shell is
    // cached as "/", not "/index.html": the asset server redirects the latter, and a redirected
    // response cannot answer a navigation (the browser fails it with ERR_FAILED).
    event.respondWith(
      caches.match("/", { cacheName: CACHE }).then((hit) => hit || fetch(req)),
    );
    return;
  }
  // Hashed assets never change: cache first, and keep what was fetched (the company's and the
  // consoles' wasm are not precached) for the next visit. The onboarding wizard's wasm chunks are
  // precached: they are fetched by the wasm itself, after the first view, and must work offline.
  event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit || fetch(req).then((resp) => {
    if (resp.ok && url.pathname.startsWith("/pkg/")) {
      const copy = resp.clone();
      caches.open(CACHE).then((c) => c.put(req, copy));
    }
    return resp;
  })));
});
