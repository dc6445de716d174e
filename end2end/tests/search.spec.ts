import { type Page } from "@playwright/test";

import { expect, test } from "./fixtures";

async function hydrated(page: Page) {
  // A debug build's Wasm is large and CI has two cores: give hydration time.
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
}

test("a two-character keyword narrows the list, through the URL", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  const all = await page.locator(".result-count").textContent();
  await page.getByRole("searchbox").fill("帮厨");
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(page).toHaveURL(/q=%E5%B8%AE%E5%8E%A8/);
  await expect(page.locator(".result-count")).not.toHaveText(all ?? "");
  const titles = await page.locator(".posting-card").evaluateAll((cards) =>
    cards.map((c) => [c.getAttribute("data-trade"), c.querySelector(".posting-title")?.textContent ?? ""]),
  );
  expect(titles.length).toBeGreaterThan(0);
  for (const [trade, title] of titles) {
    expect(trade === "kitchen_helper" || title.includes("帮厨")).toBeTruthy();
  }
  // The same link, loaded fresh, gives the same first page.
  const url = page.url();
  const first = await page.locator(".posting-title").allTextContents();
  await page.goto(url);
  expect(await page.locator(".posting-title").allTextContents()).toEqual(first);
  await expect(page.getByRole("searchbox")).toHaveValue("帮厨");
});

test("a distance around a point narrows the list and shows how far each posting is", async ({ page }) => {
  // Nanjing's centre, 5 km.
  await page.goto("/?lng=118.79700&lat=32.06000&r=5&sort=nearest");
  const distances = await page.locator(".posting-card .distance").allTextContents();
  expect(distances.length).toBeGreaterThan(0);
  const metres = distances.map((d) => (d.includes("公里") ? parseFloat(d.replace(/[^\d.]/g, "")) * 1000 : parseFloat(d.replace(/[^\d.]/g, ""))));
  for (const m of metres) expect(m).toBeLessThanOrEqual(5000);
  expect([...metres].sort((a, b) => a - b)).toEqual(metres);
  const places = await page.locator(".posting-place").allTextContents();
  for (const place of places) expect(place).toContain("南京市");

  // Widening the radius finds more.
  const narrow = await page.locator(".result-count").textContent();
  await page.goto("/?lng=118.79700&lat=32.06000&r=50&sort=nearest");
  await expect(page.locator(".result-count")).not.toHaveText(narrow ?? "");
});

test("refused geolocation falls back to choosing a city", async ({ page, context }) => {
  await context.clearPermissions();
  await page.goto("/");
  await hydrated(page);
  await page.getByText("更多筛选").click();
  await page.getByRole("button", { name: "用我的位置" }).click();
  await expect(page.getByRole("status").filter({ hasText: "请在上方选择城市" })).toBeVisible();
  await page.getByLabel("城市").selectOption({ label: "苏州市" });
  await expect(page).toHaveURL(/city=320500/);
  await expect(page.locator(".posting-place").first()).toContainText("苏州市");
  const places = await page.locator(".posting-place").allTextContents();
  expect(places.length).toBeGreaterThan(0);
  for (const place of places) expect(place).toContain("苏州市");
});

test("bad filters in the URL get a clear message, never a server error", async ({ page }) => {
  const cases: [string, string][] = [
    ["r=-5&lng=118.8&lat=32", "距离"],
    ["pay=abc", "最低工资"],
    [`q=${"a".repeat(10_000)}`, "关键词"],
    ["lng=2.35&lat=48.85", "位置"],
    ["trade=no_such_trade", "工种"],
  ];
  for (const [params, field] of cases) {
    const response = await page.goto(`/?${params}`);
    expect(response?.status(), params).toBe(400);
    await expect(page.getByRole("alert")).toContainText(field);
  }
  // Straight to the server function, past the browser's checks: a 10,000-character Chinese keyword.
  const long = await page.request.post("/api/postings/search", {
    data: { query: { keyword: "帮".repeat(10_000), date: "Today", sort: "Newest", page: 0, tags: [] } },
  });
  expect(long.status()).toBe(400);
  expect(await long.json()).toEqual({ InvalidInput: { field: "q" } });

  // Markup in a keyword is shown as text, never run.
  await page.goto(`/?q=${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
  await expect(page.getByRole("searchbox")).toHaveValue("<img src=x onerror=alert(1)>");
  expect(await page.locator("img[src=x]").count()).toBe(0);
});

test("elder mode and English persist across pages", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("button", { name: "长辈版" }).click();
  await expect(page.locator("html")).toHaveClass(/elder/);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gigs today");

  // Another page, rendered by the server: the choice came along in the cookie, so nothing jumps.
  const response = await page.goto("/?date=week");
  const html = await response!.text();
  expect(html).toMatch(/<html[^>]*lang="en"/);
  expect(html).toMatch(/<html[^>]*class="elder"/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gigs this week");
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.locator("html")).toHaveClass(/elder/);

  await hydrated(page);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test.describe("facet chips on a phone", () => {
  test.use({ viewport: { width: 360, height: 640 }, hasTouch: true });

  /** The number a result count or a chip says ("共找到 1,234 个岗位", "找到 1000+ 个岗位"). */
  const number = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));

  test("count the results and narrow them with a tap", async ({ page }) => {
    await page.goto("/?date=any");
    const chips = page.getByRole("navigation", { name: "缩小范围" });
    await expect(chips).toBeVisible();
    // The current date window is marked, the others are links with their counts.
    await expect(chips.locator(".chip-current")).toContainText("不限");
    const total = number(await page.locator(".result-count").textContent());

    // A sector: its count is the new search's count, and the chips go down to its trades.
    const sector = chips.getByRole("group", { name: "分类" }).getByRole("link").first();
    const sectorName = await sector.locator(".chip-name").textContent();
    const sectorCount = number(await sector.locator(".chip-count").textContent());
    expect(sectorCount).toBeGreaterThan(0);
    expect(sectorCount).toBeLessThanOrEqual(total);
    const box = await sector.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await sector.tap();
    await expect(page).toHaveURL(/trade=/);
    await expect(page.locator(".result-count")).toContainText(
      sectorCount > 1000 ? "1000+" : String(sectorCount),
    );
    const trade = chips.getByRole("group", { name: "分类" }).getByRole("link").first();
    await expect(trade).toBeVisible();
    expect(await trade.locator(".chip-name").textContent()).not.toBe(sectorName);

    // A city: every posting listed is there.
    const city = chips.getByRole("group", { name: "地区" }).getByRole("link").first();
    const cityName = (await city.locator(".chip-name").textContent())!;
    const cityCount = number(await city.locator(".chip-count").textContent());
    await city.tap();
    await expect(page).toHaveURL(/city=\d{6}/);
    await expect(page.locator(".result-count")).toContainText(cityCount > 1000 ? "1000+" : String(cityCount));
    for (const place of await page.locator(".posting-place").allTextContents()) expect(place).toContain(cityName);

    // A day pay: every posting listed pays at least that by the day.
    const pay = chips.getByRole("group", { name: "日薪" }).getByRole("link").first();
    if (await pay.count()) {
      const payCount = number(await pay.locator(".chip-count").textContent());
      await pay.tap();
      await expect(page).toHaveURL(/pay=\d+&unit=day/);
      await expect(page.locator(".result-count")).toContainText(payCount > 1000 ? "1000+" : String(payCount));
    }

  });

  test("speak English with the trades' English names", async ({ page, context }) => {
    await context.addCookies([{ name: "lingong_prefs", value: "en", url: "http://127.0.0.1:3100" }]);
    await page.goto("/?date=any");
    const chips = page.getByRole("navigation", { name: "Narrow down" });
    const trade = chips.getByRole("group", { name: "Category" }).locator(".chip-name").first();
    await expect(trade).toHaveText(/^[^\u4e00-\u9fff]+$/);
    await expect(chips.locator(".chip-current")).toContainText("Any day");
  });
});

test("pay terms and the part of the day a shift starts in are filters, shown on every card", async ({ page }) => {
  await page.goto("/?date=any");
  await hydrated(page);
  await page.getByText("更多筛选").click();
  await page.getByLabel("结算方式").selectOption({ label: "日结" });
  await page.getByLabel("上班时段").selectOption({ label: "早班（5点–12点上班）" });
  await page.getByRole("button", { name: "应用筛选" }).click();
  await expect(page).toHaveURL(/terms=daily/);
  await expect(page).toHaveURL(/starts=morning/);
  const cards = page.locator(".posting-card");
  await expect(cards.first()).toBeVisible();
  for (const terms of await cards.locator(".pay-terms").allTextContents()) expect(terms).toBe("日结");
  expect(await cards.locator(".pay-terms").count()).toBe(await cards.count());
  for (const when of await cards.locator(".posting-when").allTextContents()) {
    const [, hour] = when.match(/(\d\d):\d\d上班/) ?? [];
    expect(Number(hour), when).toBeGreaterThanOrEqual(5);
    expect(Number(hour), when).toBeLessThan(12);
  }
  // The chosen filters are kept in the form, which stays open to show them.
  await page.reload();
  await expect(page.getByLabel("结算方式")).toHaveValue("daily");
  await expect(page.getByLabel("上班时段")).toHaveValue("morning");
  // A value the site does not know is named, not guessed.
  const response = await page.goto("/?terms=cash");
  expect(response?.status()).toBe(400);
});
