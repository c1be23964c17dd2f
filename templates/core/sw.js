/* PMB CRM service worker: caches the shell and static files only. Pages, htmx fragments and API
   answers (leads, inquiries) always go to the network and are never stored. */
"use strict";
const CACHE = "{{ cache_name }}";
const SHELL = {{ shell_json|safe }};
const STATIC_PREFIX = {{ static_prefix_json|safe }};
const OFFLINE = {{ offline_json|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(
      caches.match(request).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      }))
    );
    return;
  }
  if (request.mode === "navigate") {
    // Network only; the cached offline page when there is no connection. Never a cached page.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
  }
});
