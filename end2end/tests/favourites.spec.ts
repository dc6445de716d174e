import { expect, test } from "./fixtures";

import { employerWithOrganisation, expectNoAxeViolations, phonePage, publishThroughApi, randomPhone, signInWithCode } from "./helpers";

test("a worker keeps a posting and follows its employer, finds both on 我的收藏, and lets them go", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await phonePage(browser);

  // Signed out, the button signs in first and comes back to the posting.
  await page.goto("/?date=any");
  const first = page.locator(".posting-card .posting-title a").first();
  const title = (await first.textContent()) ?? "";
  const href = (await first.getAttribute("href")) ?? "";
  const postingPath = href.split("?")[0];
  await page.goto(postingPath);
  const signIn = page.getByRole("link", { name: "登录后收藏" });
  await expect(signIn).toHaveAttribute("href", `/login?next=${postingPath}`);

  await signInWithCode(page, randomPhone("139"));
  await page.goto(postingPath);
  const employer = (await page.locator(".fact", { hasText: "用人单位" }).locator("dd").textContent())?.split(" ")[0] ?? "";

  // Keep it: the page comes back saying so (a plain form: it works before the Wasm too).
  await page.getByRole("button", { name: "☆ 收藏" }).click();
  await expect(page).toHaveURL(new RegExp(`${postingPath}\\?kept=1#keep$`));
  await expect(page.getByRole("button", { name: "★ 已收藏" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "+ 关注单位" }).click();
  await expect(page.getByRole("button", { name: "✓ 已关注单位" })).toHaveAttribute("aria-pressed", "true");
  // Both stay a full touch target.
  for (const button of await page.locator(".keep-buttons button").all()) {
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  }

  // 我的收藏, from the account page.
  await page.goto("/me");
  await page.getByRole("link", { name: "我的收藏" }).click();
  await expect(page).toHaveURL(/\/me\/saved$/);
  await expect(page.locator(".kept-postings .posting-title")).toHaveText([title]);
  const followed = page.locator(".followed-employer");
  await expect(followed).toHaveCount(1);
  await expect(followed.locator("h3")).toHaveText(employer);
  await expect(followed).toContainText(/在招\d+个岗位/);
  await expect(followed.locator(".followed-newest a").first()).toBeVisible();
  await expectNoAxeViolations(page);

  // Letting go comes back to the list, now empty.
  await page.getByRole("button", { name: "取消收藏" }).click();
  await expect(page).toHaveURL(/\/me\/saved$/);
  await expect(page.getByText("还没有收藏岗位")).toBeVisible();
  await page.getByRole("button", { name: "取消关注" }).click();
  await expect(page.getByText("还没有关注单位")).toBeVisible();
  await page.goto(postingPath);
  await expect(page.getByRole("button", { name: "☆ 收藏" })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByRole("button", { name: "+ 关注单位" })).toBeVisible();
});

test("where the employer welcomes calls, a signed-in worker calls with one tap; the number never comes with the page", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const employer = await phonePage(browser);
  const phone = await employerWithOrganisation(employer);
  const title = `欢迎来电帮厨${Math.floor(Math.random() * 1e6)}`;
  const id = await publishThroughApi(employer, title, "calls");

  const worker = await phonePage(browser);
  await worker.goto(`/postings/${id}`);
  await expect(worker.getByText("用人单位欢迎来电咨询。")).toBeVisible();

  // Shared in WeChat, the posting comes with a card: a 1200×630 PNG drawn by the server.
  await expect(worker.locator('meta[property="og:image"]')).toHaveAttribute("content", new RegExp(`/postings/${id}/card\\.png$`));
  const card = await worker.request.get(`/postings/${id}/card.png`);
  expect(card.status()).toBe(200);
  expect(card.headers()["content-type"]).toBe("image/png");
  const png = await card.body();
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
  expect((await worker.request.get("/postings/999999999/card.png")).status()).toBe(404);
  await expect(worker.getByRole("link", { name: "登录后可打电话" })).toHaveAttribute(
    "href",
    `/login?next=/postings/${id}`,
  );
  expect(await worker.content()).not.toContain(phone);

  await signInWithCode(worker, randomPhone("139"));
  await worker.goto(`/postings/${id}`);
  const call = worker.getByRole("link", { name: /打电话问问/ });
  await expect(call).toHaveAttribute("href", `tel:${phone}`);
  expect((await call.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  // A posting without the choice offers no call.
  const quiet = await publishThroughApi(employer, `${title}不接电话`);
  await worker.goto(`/postings/${quiet}`);
  await expect(worker.locator(".apply-box")).toBeVisible();
  await expect(worker.locator(".call-box")).toHaveCount(0);
});
