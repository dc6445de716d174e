// The installable site: the manifest and its icons, and the service worker that keeps the shell and the
// last public pages seen, so a returning person sees them without a network, said plainly, and never
// anybody else's (server/src/pwa/sw.js). The browser goes offline with `context.setOffline`, which the
// worker's own requests obey too.
import { type APIRequestContext, type Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import { expectNoAxeViolations, randomPhone, signInWithCode } from "./helpers";

const PAGES = "lingong-pages-v1";
const OFFLINE_LINE = /^离线：显示的是您上次看到的内容（今天 \d\d:\d\d）$/;

/** Waits until the service worker controls `page` (it registers once the page has hydrated). */
async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
}

/** The pages the worker keeps: address and whom each was rendered for. */
async function kept(page: Page): Promise<{ url: string; viewer: string | null }[]> {
  return page.evaluate(async (name) => {
    const cache = await caches.open(name);
    const pages = [];
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      pages.push({ url: request.url, viewer: response?.headers.get("lingong-viewer") ?? null });
    }
    return pages;
  }, PAGES);
}

async function keptUrls(page: Page): Promise<string[]> {
  return (await kept(page)).map((p) => p.url);
}

/** Width and height from a PNG's header. */
async function pngSize(request: APIRequestContext, src: string): Promise<string> {
  const response = await request.get(src);
  expect(response.status(), src).toBe(200);
  expect(response.headers()["content-type"], src).toBe("image/png");
  const bytes = await response.body();
  expect(bytes.subarray(1, 4).toString("latin1"), src).toBe("PNG");
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

test("the manifest names the site, its colours and icons of the sizes it says", async ({ page, request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/manifest+json");
  expect(response.headers()["cache-control"]).toBe("public, max-age=86400");
  const manifest = await response.json();
  expect(manifest).toMatchObject({
    name: "零工市场",
    short_name: "零工市场",
    lang: "zh-CN",
    start_url: "/",
    scope: "/",
    display: "standalone",
  });

  // The page links the manifest and the icons, and says the same theme colour.
  await page.goto("/");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute("content", manifest.theme_color);
  const ground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const hex = manifest.background_color as string;
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ");
  expect(ground).toBe(`rgb(${rgb})`);
  const touchIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
  expect(await pngSize(request, touchIcon!)).toBe("180x180");

  const pngs = (manifest.icons as { src: string; sizes: string; type: string; purpose: string }[]).filter(
    (icon) => icon.type === "image/png",
  );
  for (const icon of pngs) expect(await pngSize(request, icon.src), icon.src).toBe(icon.sizes);
  const sizes = (purpose: string) => pngs.filter((i) => i.purpose.split(" ").includes(purpose)).map((i) => i.sizes);
  expect(sizes("any")).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  expect(sizes("maskable")).toContain("512x512");
});

test("the last results are there without a network, with a line saying so", async ({ page, context }) => {
  // The worker is asked for afresh on every visit, so a new build reaches phones at once.
  const worker = await page.request.get("/sw.js");
  expect(worker.headers()["cache-control"]).toBe("no-cache");
  expect(worker.headers()["content-type"]).toContain("javascript");

  const search = "/?q=%E5%B8%AE%E5%8E%A8";
  await page.goto(search);
  const title = (await page.locator(".posting-title").first().innerText()).trim();
  expect(title).not.toBe("");
  await controlled(page);
  const registration = await page.evaluate(async () => {
    const r = await navigator.serviceWorker.ready;
    return { scope: r.scope, script: r.active?.scriptURL };
  });
  expect(registration.scope).toBe(new URL("/", page.url()).href);
  expect(registration.script).toBe(new URL("/sw.js", page.url()).href);
  // The page that installed the worker came before it; the worker fetches and keeps it as well.
  await expect.poll(() => keptUrls(page)).toContain(new URL(search, page.url()).href);

  // A posting seen on the way is kept too (the next page loads through the worker).
  await page.locator(".posting-title a").first().click();
  await expect(page).toHaveURL(/\/postings\/\d+$/);
  const posting = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect.poll(() => keptUrls(page)).toContain(posting);
  // Only pages: no server function, no stream.
  expect((await keptUrls(page)).filter((u) => new URL(u).pathname.startsWith("/api/"))).toEqual([]);

  // Online, server functions and their downloads go to the network: the worker does not answer them.
  const api = page.waitForResponse((r) => r.url().includes("/api/boards/city/320100/qr.svg"));
  expect(await page.evaluate(() => fetch("/api/boards/city/320100/qr.svg").then((r) => r.status))).toBe(200);
  expect((await api).fromServiceWorker()).toBe(false);

  await context.setOffline(true);
  await page.goto(search);
  await expect(page.locator(".offline-line")).toHaveText(OFFLINE_LINE);
  await expect(page.locator(".posting-title").first()).toHaveText(title);
  // The shell came from the worker too: the stylesheet applies.
  await expect(page.locator(".site-header")).toHaveCSS("background-color", "rgb(180, 35, 27)");
  await page.reload();
  await expect(page.locator(".offline-line")).toHaveText(OFFLINE_LINE);
  await expect(page.locator(".posting-title").first()).toHaveText(title);

  await page.goto(posting);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator(".offline-line")).toHaveText(OFFLINE_LINE);
  await expectNoAxeViolations(page);

  // A page never seen: the offline page, with the way back to it and the pages this phone has.
  const unseen = "/?q=%E4%BF%9D%E6%B4%81";
  await page.goto(unseen);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("现在没有网络");
  await expect(page.getByRole("link", { name: "重试 · Try again" })).toHaveAttribute("href", unseen);
  await expect(page.locator(".offline-kept a")).toHaveCount(2);
  await expect(page.locator(".offline-kept a", { hasText: "「帮厨」" })).toHaveAttribute("href", search);
  await expectNoAxeViolations(page);
  await expect(page.locator(".offline-kept a", { hasText: title })).toHaveAttribute(
    "href",
    new URL(posting).pathname,
  );
  await expect(page.locator(".site-header")).toHaveCSS("background-color", "rgb(180, 35, 27)");
  // Pages that are not public are never kept: offline, the offline page.
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("现在没有网络");
  // Following a kept page from the list works.
  await page.goto(unseen);
  await page.locator(".offline-kept a", { hasText: title }).click();
  await expect(page).toHaveURL(posting);
  await expect(page.locator(".offline-line")).toHaveText(OFFLINE_LINE);

  // Nothing posted and no server function is answered from a copy: offline they fail.
  const offlineAnswers = await page.evaluate(async () => {
    // Past the browser's own HTTP cache too: what is asked is whether the worker answers.
    const attempt = (input: string, init?: RequestInit) =>
      fetch(input, { cache: "no-store", ...init }).then(
        (r) => `answered ${r.status}`,
        () => "network error",
      );
    return [
      await attempt("/api/prefs", { method: "POST", body: new URLSearchParams({ lang: "en", elder: "false" }) }),
      await attempt("/api/boards/city/320100/qr.svg"),
      await attempt("/api/events"),
    ];
  });
  expect(offlineAnswers).toEqual(["network error", "network error", "network error"]);

  // Back online, the network's page again, without the line.
  await context.setOffline(false);
  await page.goto(search);
  await expect(page.locator(".posting-title").first()).toBeVisible();
  await expect(page.locator(".offline-line")).toHaveCount(0);
});

test("a search shown without a reload is kept too", async ({ page, context }) => {
  await page.goto("/");
  await controlled(page);
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  // The island fetches the next search's page and swaps its results in; the worker keeps that page.
  const fetched = page.waitForResponse((r) => r.url().includes("trade=kitchen_helper") && r.status() === 200);
  await page.getByLabel("工种").selectOption({ label: "帮厨" });
  await fetched;
  await expect(page).toHaveURL(/[?&]trade=kitchen_helper(&|$)/);
  const searched = page.url();
  const title = (await page.locator(".posting-title").first().innerText()).trim();
  await expect.poll(() => keptUrls(page)).toContain(searched);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(".offline-line")).toHaveText(OFFLINE_LINE);
  await expect(page.locator(".posting-title").first()).toHaveText(title);
  await context.setOffline(false);
});

test("in English the line is in English", async ({ page, context }) => {
  await page.goto("/markets");
  await controlled(page);
  const markets = new URL("/markets", page.url()).href;
  await expect.poll(() => keptUrls(page)).toContain(markets);
  // The switch posts the preference and comes back to the page, which is kept again, in English.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect
    .poll(() =>
      page.evaluate(async ([name, url]) => {
        const kept = await (await caches.open(name)).match(url);
        return /<html[^>]*lang="en"/.test((await kept?.text()) ?? "");
      }, [PAGES, markets]),
    )
    .toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(".offline-line")).toHaveText(/^Offline: showing what you last saw \(today \d\d:\d\d\)$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await context.setOffline(false);
});

test("signing out forgets the person's pages, so the next person never sees them", async ({ page, context }) => {
  await signInWithCode(page, randomPhone("139"));
  await controlled(page);
  const search = "/?q=%E5%B8%AE%E5%8E%A8";
  await page.goto(search);
  await page.locator(".posting-title a").first().click();
  await expect(page).toHaveURL(/\/postings\/\d+$/);
  const posting = page.url();
  await expect
    .poll(async () => (await kept(page)).filter((p) => p.viewer?.startsWith("account-")).map((p) => p.url))
    .toEqual(expect.arrayContaining([new URL(search, posting).href, posting]));
  // The person's own pages are never kept.
  expect((await keptUrls(page)).filter((u) => new URL(u).pathname.startsWith("/me"))).toEqual([]);

  await page.goto("/me");
  await page.getByRole("button", { name: "退出登录", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator(".site-header").getByRole("link", { name: "登录" })).toBeVisible();
  // Nothing of the signed-in person is left: at most the signed-out home page the sign-out led to.
  await expect.poll(async () => (await kept(page)).filter((p) => p.viewer !== "anonymous")).toEqual([]);
  expect(await keptUrls(page)).not.toContain(posting);
  expect(await keptUrls(page)).not.toContain(new URL(search, posting).href);

  await context.setOffline(true);
  await page.goto(posting);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("现在没有网络");
  await expect(page.locator(`.offline-kept a[href="${new URL(posting).pathname}"]`)).toHaveCount(0);
  await context.setOffline(false);
});
