// A first-time user on a phone (issue 21): what the first screen holds, what the header keeps, where
// signing in leads back to, and how a place reaches the person's map app. The project's browser is a
// 360×640 phone (playwright.config.ts).
import { type Browser, type Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import { codeFor, employerWithOrganisation, phonePage, publishThroughApi, randomPhone } from "./helpers";

const BASE = "http://127.0.0.1:3100";

/**
 * A phone of its own, seen by the server as coming from its own address (TEST-NET-3): the sign-ins here
 * would otherwise count against the whole run's per-address limit on code messages.
 */
async function ownPhone(browser: Browser): Promise<Page> {
  const address = `203.0.113.${1 + Math.floor(Math.random() * 254)}`;
  return phonePage(browser, { extraHTTPHeaders: { "x-forwarded-for": address } });
}

async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
}

/** Signs in on the sign-in page the browser is on, with a code, as a worker. */
async function signInHere(page: Page, phone: string) {
  await hydrated(page);
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByText(/验证码已发送到 1\d\d\*\*\*\*\d{4}/)).toBeVisible();
  await page.getByLabel("短信验证码").fill(await codeFor(phone));
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

for (const [mode, prefs] of [
  ["standard", "zh"],
  ["长辈版", "zh.elder"],
  ["English", "en"],
  ["English, 长辈版", "en.elder"],
] as const) {
  test(`the count and the first result are on the first screen (${mode}); the map is one tap away`, async ({
    page,
    context,
  }) => {
    await context.addCookies([{ name: "lingong_prefs", value: prefs, url: BASE }]);
    await page.goto("/");
    // As the server sent it, before any Wasm...
    await expect(page.locator(".result-count")).toBeInViewport({ ratio: 1 });
    await expect(page.locator(".posting-card").first().locator(".posting-title")).toBeInViewport({ ratio: 1 });
    // ...and once live.
    await hydrated(page);
    await expect(page.locator(".posting-card").first().locator(".posting-title")).toBeInViewport({ ratio: 1 });
    await expect(page.locator(".gig-map.leaflet-container")).toHaveCount(0);
    // A person who reads the list never downloads the map library.
    expect(await page.evaluate(() => "L" in window)).toBe(false);

    const toggle = page.locator(".map-toggle");
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await toggle.tap();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(page.locator(".gig-map.leaflet-container")).toBeVisible();
    await expect(page.locator(".map-cluster").first()).toBeVisible();
    await toggle.tap();
    await expect(page.locator(".gig-map.leaflet-container")).toHaveCount(0);
  });
}

test("nothing is drawn over the sticky header while the map scrolls under it", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.locator(".map-toggle").tap();
  await expect(page.locator(".map-cluster").first()).toBeVisible();
  const header = page.locator(".site-header");
  // Every control of the header, with the map's controls and markers passing beneath it.
  const controls = header.locator("a, button");
  const count = await controls.count();
  expect(count).toBeGreaterThan(2);
  const mapTop = await page.locator(".gig-map").evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  for (const offset of [0, 40, 120, 200]) {
    await page.evaluate((y) => window.scrollTo(0, y), mapTop + offset - 60);
    for (let i = 0; i < count; i++) {
      const box = await controls.nth(i).boundingBox();
      if (!box) continue;
      const onTop = await page.evaluate(
        ([x, y]) => document.elementFromPoint(x, y)?.closest(".site-header") !== null,
        [box.x + box.width / 2, box.y + box.height / 2],
      );
      expect(onTop, `header control ${i} covered at scroll offset ${offset}`).toBe(true);
    }
  }
});

test("signing in from a posting comes back to it; a return path elsewhere is ignored", async ({ browser }) => {
  const employer = await ownPhone(browser);
  await employerWithOrganisation(employer);
  const id = await publishThroughApi(employer, `回来报名测试${Date.now() % 100000}`);
  await employer.context().close();

  // A new visitor, on a phone.
  const page = await ownPhone(browser);
  const context = page.context();
  await page.goto(`/postings/${id}`);
  const signIn = page.getByRole("link", { name: "登录后报名" });
  await expect(signIn).toHaveAttribute("href", `/login?next=/postings/${id}`);
  await signIn.tap();
  await expect(page).toHaveURL(new RegExp(`/login\\?next=/postings/${id}$`));
  await signInHere(page, randomPhone("139"));
  await expect(page).toHaveURL(new RegExp(`/postings/${id}$`));
  await expect(page.getByRole("button", { name: "我要报名" })).toBeVisible();

  // The header's sign-in link carries the page it is on, query included.
  await context.clearCookies();
  await page.goto("/?q=%E5%B8%AE%E5%8E%A8");
  await expect(page.locator(".site-header").getByRole("link", { name: "登录" })).toHaveAttribute(
    "href",
    "/login?next=/%3Fq%3D%25E5%25B8%25AE%25E5%258E%25A8",
  );

  // Another host, however written, is never a way back.
  for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await signInHere(page, randomPhone("139"));
    await expect(page).toHaveURL(/\/me$/);
    await context.clearCookies();
  }
  await context.close();
});

test("the sign-in page has no empty button; an anchor target rests below the header", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  const buttons = page.locator("main button:visible");
  for (const text of await buttons.allTextContents()) expect(text.trim()).not.toBe("");
  await expect(page.locator("button[type=submit][hidden]")).toBeHidden();

  // A posting's apply box, jumped to as the page after applying does.
  await page.goto("/");
  const href = await page.locator(".posting-card .posting-title a").first().getAttribute("href");
  await page.goto(`${href!.split("?")[0]}#apply`);
  await hydrated(page);
  const headerBottom = await page.locator(".site-header").evaluate((el) => el.getBoundingClientRect().bottom);
  const applyTop = await page.locator("#apply").evaluate((el) => el.getBoundingClientRect().top);
  expect(applyTop).toBeGreaterThanOrEqual(headerBottom);
});

test("导航 hands the place to 高德, 百度 and 腾讯 in their own coordinates, and the address is large", async ({
  page,
  browser,
}) => {
  const employer = await ownPhone(browser);
  await employerWithOrganisation(employer);
  // publishThroughApi places the posting at WGS-84 118.7716, 32.0687 (鼓楼区中山路1号).
  const id = await publishThroughApi(employer, `导航测试${Date.now() % 100000}`);
  await employer.context().close();

  await page.goto(`/postings/${id}`);
  await expect(page.locator(".posting-address")).toContainText("鼓楼区中山路1号");
  const size = await page.locator(".posting-address").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(20);
  await page.getByText("导航", { exact: true }).tap();
  // GCJ-02 118.776818, 32.066652 and BD-09 118.783303, 32.072782: the standard transforms, which the
  // app's unit tests check against their published reference values.
  await expect(page.getByRole("link", { name: "高德地图" })).toHaveAttribute(
    "href",
    /^https:\/\/uri\.amap\.com\/navigation\?to=118\.776818,32\.066652,/,
  );
  await expect(page.getByRole("link", { name: "百度地图" })).toHaveAttribute(
    "href",
    /^https:\/\/api\.map\.baidu\.com\/marker\?location=32\.072782,118\.783303&.*coord_type=bd09ll/,
  );
  await expect(page.getByRole("link", { name: "腾讯地图" })).toHaveAttribute(
    "href",
    /^https:\/\/apis\.map\.qq\.com\/uri\/v1\/routeplan\?.*tocoord=32\.066652,118\.776818/,
  );
  for (const name of ["高德地图", "百度地图", "腾讯地图"]) {
    const box = await page.getByRole("link", { name }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
  }
});

test("boards say what their columns are, pay with its unit, trades in the page's language", async ({
  page,
  context,
  browser,
}) => {
  // Something on today's board of 南京: a posting published now (in 鼓楼).
  const employer = await ownPhone(browser);
  await employerWithOrganisation(employer);
  await publishThroughApi(employer, `看板单位测试${Date.now() % 100000}`);
  await employer.context().close();

  await context.addCookies([{ name: "lingong_prefs", value: "en", url: BASE }]);
  await page.goto("/boards/province/jiangsu");
  await expect(page.locator(".board-areas thead th").first()).toHaveText("City");
  await page.goto("/boards/city/320100");
  await expect(page.locator(".board-feed-pay").first()).toHaveText(/^\d[\d.,]* yuan\/(hour|day|month|piece)$/);
  // English boards name trades in English.
  const tradeNames = await page.locator(".board-bar-name").allTextContents();
  expect(tradeNames.length).toBeGreaterThan(0);
  for (const name of tradeNames) expect(name).not.toMatch(/[\u4e00-\u9fff]/);
  await expect(page.locator(".board-areas thead th").first()).toHaveText("District");

  // Shared in WeChat or QQ, a board, a market and a posting each say what they are.
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /live board/);
  await page.goto("/markets/js-province");
  const market = (await page.locator("h1").textContent())!;
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", market);
  await expect(page.locator('meta[property="og:description"]')).toHaveAttribute("content", new RegExp(`^${market} · `));
  await expect(page.locator('meta[property="og:title"]')).toHaveCount(1);
  await page.goto("/boards/city/320100");

  await context.addCookies([{ name: "lingong_prefs", value: "zh", url: BASE }]);
  await page.reload();
  await expect(page.locator(".board-feed-pay").first()).toHaveText(/^\d[\d.,]* 元\/(小时|天|月|件)$/);
});

test("the employer's place picker finds markets, stations, districts and streets by name, and the phone's location", async ({
  browser,
}) => {
  const employer = await ownPhone(browser);
  await employer.context().grantPermissions(["geolocation"]);
  await employer.context().setGeolocation({ longitude: 118.7788, latitude: 32.0439 });
  await employerWithOrganisation(employer);
  await employer.goto("/employer/new");
  await hydrated(employer);
  const search = employer.getByLabel("找地点：输入市场、驿站、区县或街道的名称，或市场的地址");
  const chosen = employer.locator(".location-chosen");
  await expect(chosen).toHaveText("还没有选位置。");

  // A district by name: its centre, not through a market.
  await search.fill("江宁");
  await employer.locator(".place-results").getByRole("button", { name: "南京市江宁区", exact: true }).tap();
  await expect(chosen).toContainText("南京市江宁区");
  await expect(chosen).toContainText("已选位置");
  await expect(employer.locator("#posting-market")).toHaveValue("");
  await expect(employer.locator(".place-results button")).toHaveCount(0);

  // A market or station by name: its place, its address, and it becomes the posting's market.
  await search.fill("驿站");
  const station = employer.locator(".place-results button").first();
  const label = (await station.textContent())!;
  await station.tap();
  const [name, address] = label.split(" · ");
  await expect(chosen).toContainText(`距${name}约0米`);
  await expect(employer.locator("#posting-market")).not.toHaveValue("");
  await expect(employer.getByLabel("工作地点（街道门牌）")).toHaveValue(address);

  // A street by name, where the open postings' addresses name it (the demo data's streets include 中山路):
  // each district it is found in, the busiest first; the street goes into the address to be completed.
  await employer.getByLabel("工作地点（街道门牌）").fill("");
  await search.fill("中山路");
  const street = employer.locator(".place-results button", { hasText: /· 中山路（附近\d+个岗位）$/ }).first();
  await expect(street).toBeVisible();
  await street.tap();
  await expect(chosen).toContainText("已选位置");
  await expect(employer.getByLabel("工作地点（街道门牌）")).toHaveValue("中山路");
  await expect(employer.locator("#posting-market")).toHaveValue("");

  // The phone's own location.
  await employer.getByRole("button", { name: "用我的位置" }).tap();
  await expect(chosen).toContainText("东经118.77880，北纬32.04390");
  await expect(chosen).toContainText("南京市");
  await expect(employer.locator("#posting-market")).toHaveValue("");
});
