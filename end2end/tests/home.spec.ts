import { type Page } from "@playwright/test";

import { expect, test } from "./fixtures";

/** Waits until the Wasm has taken over the server-rendered page. */
async function hydrated(page: Page) {
  // A debug build's Wasm is large and CI has two cores: give hydration time.
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
}

test("the home page is rendered on the server with today's postings", async ({ request }) => {
  // No browser, no JavaScript: what a slow phone, a crawler or a no-JS visitor gets first.
  const response = await request.get("/");
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain('<html lang="zh-CN"');
  expect(html).toContain("今日零工");
  const cards = html.match(/class="posting-card"/g) ?? [];
  expect(cards.length).toBe(20);
  expect(html).toMatch(/元\/(小时|天|月|件)/);
});

test("choosing a trade fetches the new results in place, without reloading", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await expect(page.locator(".posting-card")).toHaveCount(20);
  const firstOfAll = await page.locator(".posting-card .posting-title").first().innerText();
  const otherTrades = page.locator('.posting-card:not([data-trade="kitchen_helper"])');
  const othersOfAll = await otherTrades.count();
  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  // The island fetches the new page's HTML and swaps in its results; the map island stays.
  const fetched = page.waitForResponse((r) => r.url().includes("trade=kitchen_helper") && r.status() === 200);
  await page.getByLabel("工种").selectOption({ label: "帮厨" });
  await fetched;

  await expect(page).toHaveURL(/[?&]trade=kitchen_helper(&|$)/);
  const cards = page.locator(".posting-card");
  await expect(cards.first()).toBeVisible();
  await expect(page.locator('.posting-card:not([data-trade="kitchen_helper"])')).toHaveCount(0);
  expect(await cards.count()).toBeGreaterThan(0);
  await expect(cards.first()).toContainText("帮厨");
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  // The back button returns to all trades.
  await page.goBack();
  await expect(page).not.toHaveURL(/trade=/);
  // The same list as before, other trades and all (a long-used test database may hold only kitchen
  // helpers on its first page, so the count is compared rather than assumed).
  await expect(page.locator(".posting-card")).toHaveCount(20);
  await expect(page.locator(".posting-card .posting-title").first()).toHaveText(firstOfAll);
  await expect(otherTrades).toHaveCount(othersOfAll);
  await expect(page.getByLabel("工种")).toHaveValue("");
  expect(await page.getByLabel("工种").locator("option").count()).toBeGreaterThan(40);
});

test("a shared link with a trade is rendered filtered on first load", async ({ page }) => {
  await page.goto("/?trade=catering");
  const trades = await page.locator(".posting-card").evaluateAll((cards) =>
    cards.map((c) => c.getAttribute("data-trade")),
  );
  expect(trades.length).toBeGreaterThan(0);
  for (const trade of trades) {
    expect(["kitchen_helper", "cook", "waiter", "dishwasher"]).toContain(trade);
  }
  await expect(page.getByLabel("工种")).toHaveValue("catering");
});

test("the next page continues the list", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  const firstPage = await page.locator(".posting-title").allTextContents();
  const firstIds = await page.locator(".posting-card").count();
  expect(firstIds).toBe(20);
  await page.getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL(/page=1/);
  await expect(page.getByRole("link", { name: "上一页" })).toBeVisible();
  const secondPage = await page.locator(".posting-card").count();
  expect(secondPage).toBeGreaterThan(0);
  expect(firstPage.length).toBe(20);
});

test("a malformed or unknown trade in the link gets a clear message, not an error page", async ({ page }) => {
  for (const trade of ["no_such_trade", "<script>alert(1)</script>", "x".repeat(10_000)]) {
    const response = await page.goto(`/?trade=${encodeURIComponent(trade)}`);
    // 400 tells crawlers and monitors the link is wrong; the page still explains it and offers the list.
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText("链接中的参数有误：工种");
  }
});

test("an unknown address gets a friendly 404 with a way back", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await page.getByRole("link", { name: "返回首页" }).click();
  await expect(page.getByRole("heading", { name: "今日零工" })).toBeVisible();
});

test("the phone layout fits 360 px with touch targets of at least 44 px", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const target of [
    page.getByLabel("工种"),
    page.getByRole("button", { name: "搜索", exact: true }),
    page.locator("a.hotline"),
    page.locator("a.brand"),
    page.getByRole("link", { name: "下一页" }),
  ]) {
    const box = await target.boundingBox();
    expect(box, "target is visible").not.toBeNull();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.width).toBeGreaterThanOrEqual(44);
  }
  // The help hotline is one tap away.
  await expect(page.locator("a.hotline")).toHaveAttribute("href", "tel:12333");
});

test("the server function refuses bad input with 400 and a machine-readable reason", async ({ request }) => {
  const ok = await request.post("/api/postings/search", { data: { query: { trade: "catering", date: "Today", sort: "Newest", page: 0, tags: [] } } });
  expect(ok.status()).toBe(200);
  const page = await ok.json();
  expect(page.hits.length).toBeGreaterThan(0);

  const unknown = await request.post("/api/postings/search", { data: { query: { trade: "no_such_trade", date: "Today", sort: "Newest", page: 0, tags: [] } } });
  expect(unknown.status()).toBe(400);
  expect(await unknown.json()).toEqual({ InvalidInput: { field: "trade" } });

  const malformed = await request.post("/api/postings/search", { data: { query: { trade: "'; drop table postings; --" } } });
  expect(malformed.status()).toBe(400);
  expect(await malformed.json()).toEqual({ InvalidInput: { field: "request" } });
});
