import { type Page } from "@playwright/test";

import { expect, test } from "./fixtures";

/** Waits for the page to be live and opens the map, which waits behind its switch on a phone. */
async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
  await page.locator(".map-toggle").click();
  await expect(page.locator(".gig-map.leaflet-container")).toBeVisible();
}

/** The sum of the counts on the map's clusters. */
async function clusterTotal(page: Page): Promise<number> {
  const counts = await page.locator(".map-cluster").allTextContents();
  return counts.reduce((sum, n) => sum + Number(n), 0);
}

test("the map works offline: city outlines, clusters with counts, market markers", async ({ page }) => {
  const external: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("http://127.0.0.1")) external.push(r.url());
  });
  await page.goto("/");
  await hydrated(page);
  await expect(page.locator(".gig-map path.leaflet-interactive, .gig-map svg path").first()).toBeAttached();
  await expect(page.locator(".map-cluster").first()).toBeVisible();
  expect(await clusterTotal(page)).toBeGreaterThan(100);
  // Markets and stations appear from zoom 10 (a city), where they no longer sit on the clusters.
  expect(await page.locator(".map-market").count()).toBe(0);
  await page.goto("/?city=320100");
  await hydrated(page);
  await expect(page.locator(".map-market").first()).toBeAttached();
  expect(await page.locator(".leaflet-control-attribution").allTextContents()).not.toContain("🇺🇦");
  expect(external).toEqual([]);
});

test("a keyword narrows the map and the list together", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await expect(page.locator(".map-cluster").first()).toBeVisible();
  const before = await clusterTotal(page);
  await page.getByRole("searchbox").fill("帮厨");
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(page).toHaveURL(/q=/);
  await expect.poll(() => clusterTotal(page)).toBeLessThan(before);
  const after = await clusterTotal(page);
  expect(after).toBeGreaterThan(0);
  // The map shows the visible area only; the list counts the whole search.
  const listed = Number((await page.locator(".result-count").textContent())!.replace(/\D/g, ""));
  expect(after).toBeLessThanOrEqual(listed);
});

test("tapping a cluster zooms in until single postings show, each linking to its page", async ({ page }) => {
  await page.goto("/?lng=118.79700&lat=32.06000&r=5");
  await hydrated(page);
  // Around a point the map opens at zoom 12 with clusters; one tap brings the single postings.
  // Markers near the map's edge are clipped by it; a tap is delivered to the marker itself.
  await page.locator(".map-cluster").first().dispatchEvent("click");
  await expect(page.locator(".map-posting").first()).toBeAttached();
  await page.locator(".map-posting").first().dispatchEvent("click");
  const link = page.locator(".leaflet-popup-content a");
  await expect(link).toHaveAttribute("href", /^\/postings\/\d+$/);

  await page.goto("/");
  await hydrated(page);
  const cluster = page.locator(".map-cluster").first();
  await expect(cluster).toBeVisible();
  const clustersBefore = await page.locator(".map-cluster").count();
  await cluster.dispatchEvent("click");
  await expect.poll(async () => (await page.locator(".map-cluster").allTextContents()).join(",")).not.toBe("");
  await expect.poll(() => page.locator(".map-cluster, .map-posting").count()).not.toBe(clustersBefore);
});

test("the offline map says where: cities, then districts, and the markets by name", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  // The province: the cities' names.
  await expect(page.locator(".gig-map .map-label", { hasText: "南京市" })).toBeAttached();
  expect(await page.locator(".gig-map .map-label").count()).toBe(13);
  // A city: its districts' names instead, and the markets and stations named under their markers.
  await page.goto("/?city=320100");
  await hydrated(page);
  // (Nanjing and Xuzhou each have a 鼓楼区.)
  await expect(page.locator(".gig-map .map-label", { hasText: "鼓楼区" }).first()).toBeAttached();
  await expect(page.locator(".gig-map .map-label", { hasText: "南京市" })).toHaveCount(0);
  await expect(page.locator(".gig-map .map-name").first()).toBeVisible();
  // Labels are never in the way of a tap.
  const pointerEvents = await page
    .locator(".gig-map .leaflet-labels-pane")
    .evaluate((el) => getComputedStyle(el).pointerEvents);
  expect(pointerEvents).toBe("none");
  // The same size at every zoom.
  const size = async () =>
    page.locator(".gig-map .map-label span").first().evaluate((el) => getComputedStyle(el).fontSize);
  const before = await size();
  await page.locator(".leaflet-control-zoom-in").click();
  await expect.poll(size).toBe(before);
});
