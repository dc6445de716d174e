import { expect, test } from "./fixtures";

test("a posting page has everything a worker needs, and JSON-LD", async ({ page }) => {
  await page.goto("/");
  const first = page.locator(".posting-title a").first();
  const title = (await first.textContent())!.trim();
  await first.click();
  await expect(page).toHaveURL(/\/postings\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  for (const label of ["工资", "工作日期", "每天工时", "招聘人数", "工作地点"]) {
    await expect(page.locator("dt", { hasText: label })).toBeVisible();
  }
  // Who hires: the organisation, or an agency recruiting for the client it names (another test's).
  await expect(page.locator("dt", { hasText: /^(用人单位|代招机构)$/ })).toBeVisible();
  await expect(page.locator(".rights a[href^='tel:']")).toContainText("12333");
  await expect(page.locator(".nearest-market a")).toBeVisible();

  const jsonLd = await page.locator('script[type="application/ld+json"]').textContent();
  const data = JSON.parse(jsonLd!);
  expect(data["@type"]).toBe("JobPosting");
  expect(data.title).toBe(title);
  for (const key of ["description", "datePosted", "validThrough", "hiringOrganization", "jobLocation", "baseSalary", "employmentType", "totalJobOpenings"]) {
    expect(data[key], key).toBeTruthy();
  }
  expect(data.baseSalary.currency).toBe("CNY");
  expect(["HOUR", "DAY", "MONTH", "PIECE"]).toContain(data.baseSalary.value.unitText);
});

test("an unknown posting gets a friendly 404 with a way back", async ({ page }) => {
  for (const id of ["999999999", "abc", "-1"]) {
    const response = await page.goto(`/postings/${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByText("没有找到这个岗位")).toBeVisible();
  }
  await page.getByRole("link", { name: "返回岗位列表" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("今日零工");
});

test("markets list and a market page with today's postings nearby", async ({ page }) => {
  await page.goto("/markets");
  await expect(page.locator(".market-card")).toHaveCount(18);
  await page.getByRole("link", { name: "江苏省零工市场" }).click();
  await expect(page).toHaveURL(/\/markets\/js-province$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("江苏省零工市场");
  await expect(page.getByText("位置为大致位置")).toBeVisible();
  await expect(page.locator(".chips li").first()).toBeVisible();
  const distances = await page.locator(".posting-card .distance").allTextContents();
  expect(distances.length).toBeGreaterThan(0);
  await page.getByRole("link", { name: "查看附近全部岗位" }).click();
  await expect(page).toHaveURL(/lng=.*lat=.*r=5/);

  const response = await page.goto("/markets/no-such-market");
  expect(response?.status()).toBe(404);
});

test("nearest market to me, from the browser's location", async ({ page, context }) => {
  await context.grantPermissions(["geolocation"]);
  await context.setGeolocation({ longitude: 119.42, latitude: 32.2 }); // Zhenjiang
  await page.goto("/markets");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
  await page.getByRole("button", { name: "离我最近" }).click();
  await expect(page).toHaveURL(/lng=119\.42/);
  await expect(page.locator(".market-card .market-name").first()).toHaveText("镇江市零工市场");
});

test("a posting reached from a distance search says how far it is, on a small map", async ({ page }) => {
  await page.goto("/?lng=118.79700&lat=32.06000&r=5");
  const listed = (await page.locator(".posting-card .distance").first().textContent())!;
  await page.locator(".posting-title a").first().click();
  await expect(page).toHaveURL(/\/postings\/\d+\?lng=118\.797/);
  await expect(page.locator(".posting-page .distance")).toHaveText(listed);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
  // Below the details on a phone, the map (and the map library) waits until the person scrolls to it.
  expect(await page.evaluate(() => "L" in window)).toBe(false);
  await expect(page.locator(".place-map.leaflet-container")).toHaveCount(0);
  await page.locator(".place-map-box").scrollIntoViewIfNeeded();
  await expect(page.locator(".place-map .map-here")).toBeAttached();
});
