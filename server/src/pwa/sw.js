// Lingong's service worker: the site on a weak network and on a return visit without one.
//
// Plain JavaScript, no build step. The server serves it at /sw.js with one line in front naming the
// build (server/src/pwa.rs): `const BUILD = { version, precache, css };` — `version` changes with every
// build, so a new build installs afresh and drops the old shell; `precache` is what a page needs to show
// at all (the stylesheet, the Wasm and its JS, Leaflet, the offline page); `css` is this build's
// stylesheet, for pages kept from an older build.
//
// What it keeps:
// - the shell: precached at install, plus every file of /pkg whose name carries its content hash (the
//   lazy islands' pieces), Leaflet, the map's outlines and the icons, on first use. Cache first: a
//   hashed name never changes its content. One cache per build.
// - the last MAX_PAGES public pages seen — the home page and its searches, postings, markets. Network
//   first; without a network the copy is shown with a line saying so and when it was seen, and a page
//   never seen gets the offline page (with the pages that are kept, and the 12333 hotline).
// What it never touches: anything but GET (forms post as before), anything under /api (server
// functions, the event streams), other sites. Other pages (signing in, one's own pages, employers',
// staff's) go to the network as before and are never kept; only when the network fails they get the
// offline page rather than the browser's error.
//
// Whose pages: every page says whom it was rendered for (the `Lingong-Viewer` header: `anonymous` or the
// account). A signed-in person's pages are forgotten as soon as a page comes for anyone else, and when
// anyone signs out or deletes their account here, so a shared phone never shows the last person's pages.
"use strict";

const SHELL = `lingong-shell-${BUILD.version}`;
// Kept across builds, so an update does not lose what a person last saw. Bump the suffix when what is
// stored changes shape.
const PAGES = "lingong-pages-v1";
const MAX_PAGES = 20;
const OFFLINE_PAGE = "/offline.html";
// Posting to these ends a person's pages on this phone.
const FORGETTING = ["/api/account/sign-out", "/api/profile/worker/delete"];
const PUBLIC_PAGES = [/^\/$/, /^\/postings\/\d+$/, /^\/markets$/, /^\/markets\/[A-Za-z0-9_-]+$/];
const VIEWER = "lingong-viewer";
const ANONYMOUS = "anonymous";
// Added to the copies kept: when the page was seen, and its title (URI-encoded: headers are bytes).
const SEEN_AT = "x-lingong-seen-at";
const TITLE = "x-lingong-title";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(BUILD.precache))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("lingong-") && name !== SHELL && name !== PAGES) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
  // The page that installed the worker was loaded before it: keep it too. Not awaited: activation
  // (and so every request of the page) must not wait for the network.
  keepOpenPages().catch(() => {});
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (FORGETTING.includes(url.pathname)) event.waitUntil(forgetPages(() => true));
    return;
  }
  if (url.pathname.startsWith("/api/") || url.pathname === "/sw.js") return;
  if (isPublicPage(url.pathname)) {
    event.respondWith(request.mode === "navigate" ? publicPage(event, url) : fetchAndKeep(event, url));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => offlinePage(url)));
  } else if (isShell(url.pathname)) {
    event.respondWith(cacheFirst(event));
  } else if (url.pathname.startsWith("/pkg/")) {
    // A development build's bundles keep their names: the network's, the copy offline.
    event.respondWith(networkFirst(event));
  }
});

function isPublicPage(path) {
  return PUBLIC_PAGES.some((pattern) => pattern.test(path));
}

function isShell(path) {
  return (
    /^\/pkg\/.+\.[A-Za-z0-9_-]{22}\.[a-z]+$/.test(path) ||
    path.startsWith("/leaflet-") ||
    path.startsWith("/map/") ||
    path.startsWith("/icons/") ||
    path === "/favicon.svg" ||
    path === "/manifest.webmanifest"
  );
}

/**
 * The address a page is kept under, the same for the same search however it was asked for (the form
 * sends its empty fields, the filters' own links leave them out): no fragment, no empty parameter, the
 * parameters in order.
 */
function pageKey(url) {
  const key = new URL(url);
  key.hash = "";
  const params = new URLSearchParams([...new URLSearchParams(key.search)].filter(([, value]) => value !== ""));
  params.sort();
  key.search = params.toString();
  return key.href;
}

/** A public page: the network's answer (kept), or without a network the copy, or the offline page. */
async function publicPage(event, url) {
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    return (await keptPage(pageKey(url))) || offlinePage(url);
  }
  event.waitUntil(keep(pageKey(url), response.clone()).catch(() => {}));
  return response;
}

/** A public page fetched by the page itself (a search shown without a reload): kept, never invented. */
async function fetchAndKeep(event, url) {
  const response = await fetch(event.request);
  event.waitUntil(keep(pageKey(url), response.clone()).catch(() => {}));
  return response;
}

async function cacheFirst(event) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(event.request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(event.request);
  if (response.status === 200 && response.type === "basic") {
    event.waitUntil(cache.put(event.request, response.clone()).catch(() => {}));
  }
  return response;
}

async function networkFirst(event) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(event.request);
    if (response.status === 200 && response.type === "basic") {
      event.waitUntil(cache.put(event.request, response.clone()).catch(() => {}));
    }
    return response;
  } catch (error) {
    const hit = await cache.match(event.request, { ignoreVary: true });
    if (hit) return hit;
    throw error;
  }
}

/**
 * Keeps a page as it came from the server: only a whole public page (200, HTML) that says whom it was
 * for and does not forbid storing. A page for someone else than the pages kept so far makes the
 * signed-in person's pages go first.
 */
async function keep(key, response) {
  const type = response.headers.get("content-type") || "";
  const viewer = response.headers.get(VIEWER);
  const control = response.headers.get("cache-control") || "";
  if (response.status !== 200 || response.type !== "basic" || !type.startsWith("text/html")) return;
  if (!viewer || /no-store/i.test(control)) return;
  const html = await response.text();
  await forgetPages((kept) => {
    const whose = kept.headers.get(VIEWER);
    return whose !== viewer && whose !== ANONYMOUS;
  });
  const headers = withoutBodyHeaders(response.headers);
  headers.set(SEEN_AT, String(Date.now()));
  headers.set(TITLE, encodeURIComponent(titleOf(html)));
  const cache = await caches.open(PAGES);
  await cache.put(key, new Response(html, { status: 200, statusText: "OK", headers }));
  // The newest MAX_PAGES stay.
  const kept = await keptPages(cache);
  for (const page of kept.slice(MAX_PAGES)) await cache.delete(page.request);
}

/** The pages kept, newest first. */
async function keptPages(cache) {
  const pages = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request, { ignoreVary: true });
    if (!response) continue;
    pages.push({
      request,
      url: new URL(request.url),
      seenAt: Number(response.headers.get(SEEN_AT)) || 0,
      title: safeDecode(response.headers.get(TITLE) || ""),
    });
  }
  return pages.sort((a, b) => b.seenAt - a.seenAt);
}

/** Forgets the kept pages for which `doomed(response)` holds. */
async function forgetPages(doomed) {
  const cache = await caches.open(PAGES);
  for (const request of await cache.keys()) {
    const response = await cache.match(request, { ignoreVary: true });
    if (!response || doomed(response)) await cache.delete(request);
  }
}

async function keepOpenPages() {
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    const url = new URL(client.url);
    if (url.origin !== self.location.origin || !isPublicPage(url.pathname)) continue;
    const cache = await caches.open(PAGES);
    if (await cache.match(pageKey(url), { ignoreVary: true })) continue;
    await keep(pageKey(url), await fetch(url.href, { credentials: "same-origin" }));
  }
}

/** The kept copy of a page, with the line that says it is one and since when; null if none. */
async function keptPage(key) {
  const cache = await caches.open(PAGES);
  const kept = await cache.match(key, { ignoreVary: true });
  if (!kept) return null;
  const html = await kept.text();
  const english = /^en\b/.test((/<html\b[^>]*\blang="([^"]*)"/.exec(html) || [])[1] || "");
  const when = seenAt(Number(kept.headers.get(SEEN_AT)) || Date.now(), english);
  const text = english ? `Offline: showing what you last saw (${when})` : `离线：显示的是您上次看到的内容（${when}）`;
  const line = `<p class="offline-line" role="status">${escapeHtml(text)}</p>`;
  let shown = /<main\b[^>]*>/.test(html)
    ? html.replace(/<main\b[^>]*>/, (main) => main + line)
    : html.replace(/<body\b[^>]*>/, (body) => body + line);
  // A page kept by an older build names that build's stylesheet, which may be gone.
  shown = shown.replace(/href="\/pkg\/[^"]*\.css"/g, `href="${BUILD.css}"`);
  return new Response(shown, { status: 200, statusText: "OK", headers: withoutBodyHeaders(kept.headers) });
}

/** The offline page, with the way back to `url` and the pages this phone has kept. */
async function offlinePage(url) {
  const shell = await caches.open(SHELL);
  const stored = await shell.match(OFFLINE_PAGE, { ignoreVary: true });
  if (!stored) return Response.error();
  let html = await stored.text();
  html = html.replace('href="/" data-retry', `href="${escapeHtml(url.pathname + url.search)}" data-retry`);
  const pages = await keptPages(await caches.open(PAGES));
  const list = pages
    .map(
      (page) =>
        `<li><a href="${escapeHtml(page.url.pathname + page.url.search)}">${escapeHtml(
          label(page),
        )}</a> <span class="offline-seen">${escapeHtml(seenAt(page.seenAt, false))}</span></li>`,
    )
    .join("");
  if (list) html = html.replace("<!--kept-->", `<ul class="offline-kept">${list}</ul>`);
  else html = html.replace(/<section class="offline-kept-pages"[\s\S]*?<\/section>/, "");
  return new Response(html, { status: 200, statusText: "OK", headers: withoutBodyHeaders(stored.headers) });
}

/** A kept page in the offline page's list: its title, and a search's keyword (searches share a title). */
function label(page) {
  const title = page.title || page.url.pathname;
  const keyword = page.url.pathname === "/" ? page.url.searchParams.get("q") : null;
  return keyword ? `${title}「${keyword}」` : title;
}

/** The headers of a response whose body is rewritten: its length and coding no longer hold. */
function withoutBodyHeaders(original) {
  const headers = new Headers(original);
  for (const name of ["content-length", "content-encoding", "vary"]) headers.delete(name);
  return headers;
}

/** "今天 14:05", "12月3日 14:05"; "today 14:05", "3 Dec 14:05" — on the phone's clock. */
function seenAt(ms, english) {
  const date = new Date(ms);
  const locale = english ? "en-GB" : "zh-CN";
  const time = date.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit", hour12: false });
  if (date.toDateString() === new Date().toDateString()) return english ? `today ${time}` : `今天 ${time}`;
  const day = date.toLocaleDateString(locale, { month: english ? "short" : "numeric", day: "numeric" });
  return `${day} ${time}`;
}

/** The text of a page's <title> (the server escaped it; no tag can be inside). */
function titleOf(html) {
  const raw = (/<title\b[^>]*>([^<]*)<\/title>/.exec(html) || [])[1] || "";
  const char = (code) => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "");
  return raw
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, hex) => char(parseInt(hex, 16)))
    .replace(/&#(\d{1,7});/g, (_, dec) => char(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();
}

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    return "";
  }
}
