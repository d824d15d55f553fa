/* MBC Info: the one script every page loads. Pages work in full without it. */
"use strict";

// Print buttons: hidden without JavaScript, where the browser's own Print command does the job.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// Offline reading (mbcinfo/offline): register the service worker, and save this first page,
// which loaded before the worker could see it.
if ("serviceWorker" in navigator) {
  const controlled = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.register("/sw.js").then(() => navigator.serviceWorker.ready).then((registration) => {
    if (!controlled && registration.active) {
      registration.active.postMessage({ type: "save", path: location.pathname });
    }
  }).catch(() => {});
}
