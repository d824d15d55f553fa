/* The offline page: list the pages this device has saved in the page's language, by their
   headings (the Spanish offline page lists the saved /es/ pages, the English one the others). */
"use strict";

(async () => {
  const list = document.getElementById("saved-pages");
  const none = document.getElementById("saved-none");
  if (!list || !("caches" in window)) return;
  const prefix = list.dataset.languagePrefix || "/";
  const own = (path) => prefix === "/" ? !path.startsWith("/es/") && path !== "/es" : path.startsWith(prefix);
  const offlinePages = new Set(["/offline/", "/es/sin-conexion/"]);
  const seen = new Set();
  for (const name of await caches.keys()) {
    if (!name.startsWith("mbcinfo-")) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (path.startsWith("/static/") || offlinePages.has(path) || !own(path) || seen.has(path)) continue;
      seen.add(path);
      const html = await (await cache.match(request)).text();
      const heading = new DOMParser().parseFromString(html, "text/html").querySelector("h1");
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = path;
      link.textContent = heading ? heading.textContent.trim() : path;
      item.appendChild(link);
      list.appendChild(item);
    }
  }
  if (seen.size && none) none.hidden = true;
})();
