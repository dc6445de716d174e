// The open API at a phone's size: the developers' page reads the served OpenAPI document; an admin
// makes a partner's key on the staff desk and sees its secret once; the key works with its own limit
// and, once revoked, is refused.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";

import { expectNoAxeViolations, ownAddress, phonePage, randomPhone, signInWithCode } from "./helpers";

test("the developers' page describes the API the server answers with", async ({ browser }) => {
  const page = await phonePage(browser, { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } });
  await page.goto("/");
  await page.locator(".site-footer").getByRole("link", { name: "开放接口" }).click();
  await expect(page).toHaveURL(/\/developers\/api$/);
  await expect(page.locator("h1")).toHaveText("开放接口");
  const search = page.locator("#op-postings");
  await expect(search.locator("h3")).toHaveText("GET /api/v1/postings");
  await expect(search).toContainText("trade");
  await expect(page.locator("#schema-Posting")).toContainText("pay_cents");
  await expectNoAxeViolations(page);

  // The page and the document agree: every path the document has is on the page.
  const document = await (await page.request.get("/api/v1/openapi.json")).json();
  expect(document.openapi).toBe("3.1.0");
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item as object)) {
      const heading = new RegExp(`^${method.toUpperCase()} ${path.replace(/[{}]/g, "\\$&")}$`);
      await expect(page.locator(".api-operation h3", { hasText: heading })).toHaveCount(1);
    }
  }
  // The partners' push names the schema of its lines.
  await expect(page.locator('[id="op-import-postings.jsonl"] .api-request-body')).toContainText("PostingImport");
  // A search address of the site, asked of the API, answers JSON.
  const answer = await page.request.get("/api/v1/postings?city=320100&date=any");
  expect(answer.status()).toBe(200);
  const body = await answer.json();
  expect(body.page_size).toBe(20);
  expect(body.postings.length).toBeGreaterThan(0);
});

test("an admin makes a partner's key, sees its secret once, and revokes it", async ({ browser }) => {
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const adminPhone = randomPhone("135");
  execFileSync(process.env.LINGONG_SERVER_BIN!, ["account", "--phone", adminPhone, "--role", "admin", "--name", "平台管理员"], {
    cwd: "..",
    stdio: "pipe",
  });
  const admin = await phonePage(browser, from);
  await signInWithCode(admin, adminPhone);
  await admin.goto("/staff");
  const section = admin.locator(".api-keys");
  await expect(admin.locator("body")).toHaveAttribute("data-hydrated", "true");
  const partner = `苏心聘${Date.now() % 100000}`;
  await section.getByLabel("合作方名称").fill(partner);
  await section.getByLabel("每分钟请求上限").fill("2");
  await section.getByLabel("允许推送岗位（导入）").check();
  await section.getByRole("button", { name: "创建密钥" }).tap();
  const secret = (await section.locator(".api-key-secret .secret").textContent())!.trim();
  expect(secret).toMatch(/^lg_[0-9a-f]{48}$/);
  await expectNoAxeViolations(admin);

  // The key works, under its own limit.
  const ask = () => admin.request.get("/api/v1/markets", { headers: { "x-api-key": secret } });
  const first = await ask();
  expect(first.status()).toBe(200);
  expect(first.headers()["x-ratelimit-limit"]).toBe("2");
  expect((await ask()).status()).toBe(200);
  const over = await ask();
  expect(over.status()).toBe(429);
  expect(Number(over.headers()["retry-after"])).toBeGreaterThan(0);

  // Listed without its secret; revoked, it is refused.
  await admin.reload();
  const item = admin.locator(".api-key", { hasText: partner });
  await expect(item).toContainText(secret.slice(0, 11));
  await expect(item.locator(".badge")).toHaveText("可推送岗位");
  await expect(admin.locator("main")).not.toContainText(secret);
  await item.locator("summary", { hasText: "停用" }).tap();
  await item.getByRole("button", { name: "停用" }).tap();
  await expect(admin.locator(".api-key", { hasText: partner })).toContainText("已于");
  const refused = await ask();
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error).toBe("revoked_api_key");
});
