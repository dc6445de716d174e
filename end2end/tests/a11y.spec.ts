import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";

// axe-core's WCAG 2.x A/AA rules on every kind of page, in both languages and in elder mode.
const pages = ["/", "/?q=%E5%B8%AE%E5%8E%A8&city=320100&hours=8&tags=older_friendly", "/markets", "/markets/js-province", "/no/such/page", "/login", "/me", "/staff"];

for (const path of pages) {
  test(`no accessibility violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
}

test("no accessibility violations on a posting page, in English and elder mode", async ({ page, context }) => {
  await context.addCookies([{ name: "lingong_prefs", value: "en.elder", url: "http://127.0.0.1:3100" }]);
  await page.goto("/");
  const href = await page.locator(".posting-title a").first().getAttribute("href");
  await page.goto(href!);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});
