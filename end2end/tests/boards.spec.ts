import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Page } from "@playwright/test";

import { expect, test, watchCsp } from "./fixtures";

import {
  employerWithOrganisation,
  expectNoAxeViolations,
  publishThroughApi,
  randomPhone,
  signInWithCode,
  startInstance,
  stopInstance,
} from "./helpers";

// Live boards. Boards are served by a second server instance started here, against the same database
// as the first (the one Playwright starts): a change made through one must show on boards of the other.
const root = resolve(__dirname, "../..");
const serverBin = process.env.LINGONG_SERVER_BIN ?? "./target/debug/server";
const basePort = Number(process.env.LINGONG_E2E_PORT ?? 3100);
const GULOU = 320106;

async function openBoard(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  // The first board over the live stream has arrived: from here on, changes are pushed.
  await expect(page.locator(".board[data-stream=open]")).toBeAttached();
}

test("a board served by the other instance shows a new posting within a second", async ({ browser, page }) => {
  const other = await startInstance(basePort + 50);
  try {
    await employerWithOrganisation(page);
    const screen = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await watchCsp(screen.context());
    await openBoard(screen, `http://127.0.0.1:${basePort + 50}/boards/district/${GULOU}`);
    const openPostings = screen.locator(".board-tile-value").first();
    const before = Number(await openPostings.textContent());
    const change = Number(await screen.locator(".board").getAttribute("data-change"));

    const title = `看板实时测试${Date.now() % 1_000_000}`;
    await publishThroughApi(page, title);
    // Within a second of the change being committed through the first instance.
    await expect(screen.locator(".board-feed-title", { hasText: title })).toBeVisible({ timeout: 1000 });
    await expect(openPostings).toHaveText(String(before + 1), { timeout: 1000 });
    expect(Number(await screen.locator(".board").getAttribute("data-change"))).toBeGreaterThan(change);
    await screen.close();
  } finally {
    await stopInstance(other);
  }
});

test("a board catches up on what it missed while its server restarted", async ({ browser, page }) => {
  const port = basePort + 51;
  let other = await startInstance(port);
  try {
    await employerWithOrganisation(page);
    const screen = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await watchCsp(screen.context());
    await openBoard(screen, `http://127.0.0.1:${port}/boards/city/320100?screen=1`);

    await stopInstance(other);
    await expect(screen.locator(".board[data-stream=down]")).toBeAttached();
    await expect(screen.getByText("网络中断，正在重新连接…")).toBeVisible();

    // Published while the board's server is away.
    const title = `断线补发测试${Date.now() % 1_000_000}`;
    await publishThroughApi(page, title);
    other = await startInstance(port);
    await expect(screen.locator(".board-feed-title", { hasText: title })).toBeVisible({ timeout: 15_000 });
    await expect(screen.locator(".board[data-stream=open]")).toBeAttached();
    await expect(screen.getByText("网络中断，正在重新连接…")).toHaveCount(0);
    await screen.close();
  } finally {
    await stopInstance(other);
  }
});

test("public boards: the index, a board on a phone, the big screen, unknown boards", async ({ page }) => {
  await page.goto("/boards");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("零工市场实时看板");
  await page.getByRole("link", { name: "看板" }).first().click();
  await expect(page).toHaveURL(/\/boards\/province\/jiangsu$/);
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await expect(page.getByRole("heading", { name: "各市今日" })).toBeVisible();
  // Nobody signed in: no staff figures, and nobody was asked for them.
  await expect(page.locator(".board-staff")).toHaveCount(0);
  // Everything fits the phone's width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);

  // The cities' table leads to a city's board.
  await page.getByRole("link", { name: "南京市" }).click();
  await expect(page).toHaveURL(/\/boards\/city\/320100$/);
  await expect(page.getByRole("heading", { name: "各区县今日" })).toBeVisible();

  // Big screen: the QR code, the clock, no navigation needed.
  await page.goto("/boards/city/320100?screen=1");
  await expect(page.locator(".board-screen")).toBeVisible();
  const qr = await page.request.get("/api/boards/city/320100/qr.svg");
  expect(qr.headers()["content-type"]).toBe("image/svg+xml");
  expect(await qr.text()).toContain("<svg");

  for (const bad of ["/boards/city/999900", "/boards/market/nowhere", "/boards/planet/earth", "/boards/city/abc"]) {
    const response = await page.goto(bad);
    expect(response?.status(), bad).toBe(404);
    await expect(page.getByRole("link", { name: "返回首页" })).toBeVisible();
  }
  expect((await page.request.get("/api/boards/market/nowhere/events")).status()).toBe(404);
});

test("staff see their own figures and statistics, export CSV, and are refused other areas", async ({ page }) => {
  const staff = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staff, "--role", "staff", "--scope", `district:${GULOU}`, "--name", "看板工作人员"], {
    cwd: root,
    env: process.env,
  });
  await signInWithCode(page, staff);
  await expect(page).toHaveURL(/\/staff$/);

  await page.goto(`/boards/district/${GULOU}`);
  await expect(page.locator(".board-staff")).toBeVisible();
  await expect(page.locator(".board-staff")).toContainText("待处理举报");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "统计与导出" }).click();
  await expect(page).toHaveURL(/\/staff\/statistics$/);
  await expect(page.getByRole("heading", { level: 2 })).toContainText("鼓楼区");
  await expect(page.locator("svg.bar-chart")).toHaveCount(2);
  const tabs = page.getByRole("navigation", { name: "分期数据" });
  await expect(tabs.locator('[aria-current="page"]')).toHaveText("按日（近30天）");
  await page.getByRole("link", { name: "按周（近12周）" }).click();
  await expect(page).toHaveURL(/period=week/);
  await expect(page.locator(".stats-table").first().locator("tbody tr")).toHaveCount(12);
  // Exactly the chosen tab shows as chosen.
  await expect(tabs.locator('[aria-current="page"]')).toHaveCount(1);
  await expect(tabs.locator('[aria-current="page"]')).toHaveText("按周（近12周）");
  // Each breakdown is headed by what its rows are, and no row is a bare dash.
  const byTrade = page.locator(".stats-table", { has: page.locator("caption", { hasText: "按工种" }) });
  await expect(byTrade.locator("thead th").first()).toHaveText("工种");
  const byArea = page.locator(".stats-table", { has: page.locator("caption", { hasText: "按地区" }) });
  await expect(byArea.locator("thead th").first()).toHaveText("市场、驿站");
  expect(await page.locator(".stats-table tbody th").allTextContents()).not.toContain("—");
  await expectNoAxeViolations(page);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /导出 CSV/ }).click();
  const file = await (await download).path();
  const bytes = readFileSync(file!);
  // UTF-8 with a byte-order mark, for Excel and WPS.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString("utf8")).toContain("鼓楼区");

  // Another district's figures and statistics: refused.
  const csrf = (await page.context().cookies()).find((c) => c.name === "lingong_csrf")!.value;
  const other = await page.request.post("/api/board/staff-figures", {
    form: { kind: "district", key: "320115" },
    headers: { "x-csrf-token": csrf },
  });
  expect(other.status()).toBe(403);
  expect((await page.request.get("/staff/statistics.csv?period=day&kind=city&key=320100")).status()).toBe(403);
  expect((await page.request.get("/staff/statistics.csv?period=year")).status()).toBe(400);
  await page.context().clearCookies();
  expect((await page.request.get("/staff/statistics.csv?period=day")).status()).toBe(401);
});
