/* MBC Info service worker: keeps the site shell, an offline page, and every page the reader
   opened, so they can be read again with no connection (a waiting room with no signal).

   Pages: network first, so a reader online always gets the newest text; the copy is saved.
   Static files: their names carry a hash of their content, so a saved copy is never stale.
   Nothing from another origin is fetched or stored. */
"use strict";

// A new version empties the old caches when it activates: version 1 kept pages seen signed in.
const VERSION = "2";
const SHELL_CACHE = "mbcinfo-shell-" + VERSION;
const PAGE_CACHE = "mbcinfo-pages-" + VERSION;
const OFFLINE_URL = "/offline/";
// The Spanish pages are under /es/, with their own offline page.
const OFFLINE_URL_ES = "/es/sin-conexion/";
const SHELL_PAGES = ["/", OFFLINE_URL, "/glossary/", OFFLINE_URL_ES];
// Pages worth keeping, in English and in Spanish: the home page, the glossary and topic pages
// with their printable sheets (not search results).
const KEEP = /^\/(?:$|glossary\/$|topics\/[a-z0-9-]+\/(?:print\/)?$|es\/(?:$|glosario\/$|temas\/[a-z0-9-]+\/(?:imprimir\/)?$))/;

function offlinePageFor(path) {
  return path === "/es" || path.startsWith("/es/") ? OFFLINE_URL_ES : OFFLINE_URL;
}

async function addShell() {
  const cache = await caches.open(SHELL_CACHE);
  await cache.addAll(SHELL_PAGES);
  // The offline page names the site's stylesheet and scripts by their hashed names: keep those.
  const html = await (await cache.match(OFFLINE_URL)).text();
  const assets = Array.from(html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g), (match) => match[1]);
  await cache.addAll(assets);
}

self.addEventListener("install", (event) => {
  event.waitUntil(addShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = [SHELL_CACHE, PAGE_CACHE];
    for (const name of await caches.keys()) {
      if (name.startsWith("mbcinfo-") && !keep.includes(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Never kept: a page the server marks no-store. It does so for everything a signed-in editor
// sees (a draft preview among them), which must not stay readable offline after signing out.
function storable(response) {
  return !/(?:^|[\s,])no-store(?:$|[\s,])/i.test(response.headers.get("Cache-Control") || "");
}

async function savePage(path, response) {
  // A redirected response cannot answer a later navigation, so keep only final answers.
  if (response.ok && !response.redirected && storable(response) && KEEP.test(path)) {
    const cache = await caches.open(PAGE_CACHE);
    await cache.put(path, response);
  }
}

async function page(request) {
  const path = new URL(request.url).pathname;
  try {
    const response = await fetch(request);
    await savePage(path, response.clone());
    return response;
  } catch (error) {
    return (await caches.match(path)) || (await caches.match(offlinePageFor(path))) || (await caches.match(OFFLINE_URL));
  }
}

async function staticFile(request) {
  const saved = await caches.match(request);
  if (saved) return saved;
  const response = await fetch(request);
  if (response.ok) (await caches.open(SHELL_CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request));
  }
});

// The first page a reader opens loads before this worker controls it; site.js asks to save it.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "save" || typeof data.path !== "string" || !KEEP.test(data.path)) return;
  event.waitUntil(fetch(data.path).then((response) => savePage(data.path, response)).catch(() => {}));
});
