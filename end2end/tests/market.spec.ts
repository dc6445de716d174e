import { expect, test } from "./fixtures";

import { chinaDate, employerWithOrganisation, expectNoAxeViolations, fillTermsAndPublish, phonePage, randomPhone, signInWithCode } from "./helpers";

test("the whole loop: an employer posts with a map-picked place, a worker finds it and applies, the employer accepts, the worker sees it live", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const employer = await phonePage(browser);
  const worker = await phonePage(browser);
  const title = `测试帮厨${Math.floor(Math.random() * 1e6)}`;

  // The employer posts a gig.
  await employerWithOrganisation(employer);
  await employer.getByRole("link", { name: "招工管理" }).click();
  await expect(employer).toHaveURL(/\/employer$/);
  await employer.getByRole("link", { name: "发布新岗位" }).click();
  await expect(employer.locator("body[data-hydrated]")).toBeAttached();
  await expect(employer.locator(".picker-map.leaflet-container")).toBeVisible();

  // A new posting starts today, for today.
  await expect(employer.getByLabel("开始日期")).toHaveValue(chinaDate());
  await expect(employer.getByLabel("结束日期")).toHaveValue(chinaDate());
  // Sent empty: each missing field is marked where it is, the first one focused, nothing is sent.
  await employer.getByRole("button", { name: "发布岗位" }).click();
  await expect(employer.getByRole("alert")).toContainText("处需要修改");
  await expect(employer.locator("#posting-trade-error")).toHaveText("请检查：工种");
  await expect(employer.locator("#posting-title-error")).toBeVisible();
  await expect(employer.locator("#posting-address-error")).toBeVisible();
  await expect(employer.locator("#posting-location-error")).toBeVisible();
  await expect(employer.locator("#posting-start-error")).toHaveCount(0);
  await expect(employer.getByLabel("工种", { exact: true })).toBeFocused();

  // The trade list is searchable: one trade left is chosen.
  await employer.getByLabel("查找工种（输入名称，如 保洁、搬运）").fill("帮厨");
  await expect(employer.getByLabel("工种", { exact: true })).toHaveValue("kitchen_helper");
  expect(await employer.getByLabel("工种", { exact: true }).locator("option").count()).toBe(2);
  await employer.getByLabel("查找工种（输入名称，如 保洁、搬运）").fill("");
  expect(await employer.getByLabel("工种", { exact: true }).locator("option").count()).toBeGreaterThan(30);
  await expect(employer.getByLabel("工种", { exact: true })).toHaveValue("kitchen_helper");
  await employer.getByLabel("岗位名称").fill(title);
  await employer.getByLabel("工作内容").fill("<b>切配</b>、洗碗，中午忙。");
  // The place: a tap on the map (the map zooms in around it), then a second, precise tap.
  const map = employer.locator(".picker-map");
  await map.click({ position: { x: 180, y: 120 } });
  await expect(employer.locator(".location-chosen")).toContainText("已选位置");
  await map.click({ position: { x: 160, y: 140 } });
  // The shift's start and the pay terms start at the commonest (08:00, 日结); this one is an evening
  // shift paid when the job is done.
  await expect(employer.getByLabel("上班时间")).toHaveValue("08:00");
  await expect(employer.getByLabel("结算方式")).toHaveValue("daily");
  await employer.getByLabel("上班时间").fill("19:30");
  await employer.getByLabel("结算方式").selectOption({ label: "完工结" });
  // The day after tomorrow: far enough for the worker to confirm and give the place up without a reason
  // (more than 24 hours ahead), whenever the test runs.
  await fillTermsAndPublish(employer, undefined, [2, 2]);
  await expectNoAxeViolations(employer);

  // A worker signs up and finds it with a two-character keyword plus the title's digits.
  await signInWithCode(worker, randomPhone("139"));
  await expect(worker).toHaveURL(/\/me$/);
  await expect(worker.locator(".signed-in-as")).toContainText("求职者");
  await worker.goto(`/?q=${encodeURIComponent(title)}&date=week`);
  const card = worker.locator(".posting-list li", { hasText: title });
  await expect(card).toHaveCount(1);
  await expect(card.locator(".posting-when")).toContainText("19:30上班");
  await expect(card.locator(".pay-terms")).toHaveText("完工结");
  // Both are filters: an evening shift paid when done is found as such, and not among morning shifts.
  const q = encodeURIComponent(title);
  await worker.goto(`/?q=${q}&date=week&terms=on_completion&starts=evening`);
  await expect(worker.locator(".posting-list li", { hasText: title })).toHaveCount(1);
  await worker.goto(`/?q=${q}&date=week&starts=morning`);
  await expect(worker.locator(".posting-list li", { hasText: title })).toHaveCount(0);
  await worker.goto(`/?q=${q}&date=week&terms=daily`);
  await expect(worker.locator(".posting-list li", { hasText: title })).toHaveCount(0);
  await worker.goto(`/?q=${q}&date=week`);
  await card.getByRole("link", { name: title }).click();
  await expect(worker.locator("h1")).toHaveText(title);
  await expect(worker.locator(".facts")).toContainText("19:30上班");
  await expect(worker.locator(".facts")).toContainText("完工结");
  // Markup in a field is shown as text, never rendered.
  await expect(worker.getByText("<b>切配</b>、洗碗，中午忙。")).toBeVisible();
  await expect(worker.locator("body[data-hydrated]")).toBeAttached();
  // The first application asks for a name: the employer decides on a person, not a blank.
  await worker.getByLabel("出生年份（可不填）").fill("1971");
  await worker.getByLabel("姓名", { exact: true }).fill("孙师傅");
  await worker.getByLabel("给用人单位留言（可不填）").fill("做过三年帮厨");
  await worker.getByRole("button", { name: "我要报名" }).click();
  await expect(worker.getByText("报名成功！")).toBeVisible();
  await expect(worker.locator(".application-status")).toContainText("待处理");

  // The worker watches "my applications"; no reload from here on.
  await worker.goto("/me/applications");
  await expect(worker.locator("body[data-hydrated]")).toBeAttached();
  const mine = worker.locator(".managed-posting", { hasText: title });
  await expect(mine.locator(".badge")).toHaveText("待处理");

  // The employer sees the applicant (phone masked) and accepts.
  await employer.goto("/employer");
  await expect(employer.locator("body[data-hydrated]")).toBeAttached();
  const row = employer.locator(".managed-posting", { hasText: title });
  await row.getByRole("link", { name: /报名者/ }).click();
  const applicant = employer.locator(".applicant");
  await expect(applicant).toHaveCount(1);
  await expect(applicant).toContainText("做过三年帮厨");
  await expect(applicant).toContainText(/1\d\d\*\*\*\*\d{4}/);
  await expect(employer.locator("body[data-hydrated]")).toBeAttached();
  await applicant.getByRole("button", { name: "录用", exact: true }).click();
  await expect(applicant.locator(".managed-head .badge").first()).toHaveText("已录用");
  await expect(applicant.locator(".managed-head")).toContainText("未确认");
  await expect(applicant.getByRole("link", { name: /^1\d{10}$/ })).toBeVisible();
  await expectNoAxeViolations(employer);

  // Live: the worker's page changes by itself, and the header counts the unread message.
  await expect(mine.locator(".badge")).toHaveText("已录用", { timeout: 5_000 });
  await expect(worker.locator(".unread-badge")).toBeVisible();
  await worker.getByRole("link", { name: /消息/ }).click();
  await expect(worker.locator(".message-list")).toContainText(`您被“${title}”录用了！`);
  await expectNoAxeViolations(worker);

  // The worker's other pages pass axe too: applications, and recommendations with the saved searches.
  // 上岗信息: when, where (with 导航), and the confirmation the employer waits for.
  await worker.goto("/me/applications");
  const held = worker.locator(".managed-posting", { hasText: title });
  await expect(held.locator(".managed-head .badge")).toHaveText("已录用");
  const place = held.locator(".place-box");
  await expect(place.locator(".place-starts")).toContainText("上班");
  await expect(place.locator(".place-address")).toContainText("上岗地址");
  await expect(place.locator(".navigate summary")).toHaveText("导航");
  await expect(place).toContainText(/请在\d\d-\d\d \d\d:\d\d前确认会来/);
  await expectNoAxeViolations(worker);
  await place.getByRole("button", { name: "确认到岗" }).click();
  await expect(worker.locator(".place-confirmed")).toHaveText("您已确认会来");
  await employer.reload();
  await expect(employer.locator(".applicant .managed-head")).toContainText("已确认到岗");
  await employer.goto("/messages");
  await expect(employer.locator(".message-list")).toContainText(`有工人确认会来“${title}”上岗`);

  // Giving the place up is a second, deliberate tap that says what follows.
  await worker.goto("/me/applications");
  await held.getByText("放弃这个名额…").click();
  await expect(held.locator(".give-up .note")).toHaveText("放弃后名额会让给别人，不能恢复。");
  await held.getByRole("button", { name: "确认放弃" }).click();
  await expect(held.locator(".managed-head .badge")).toHaveText("已撤回");
  await expect(held.locator(".place-box")).toHaveCount(0);
  await worker.goto("/for-you");
  await expect(worker.getByRole("heading", { name: "职位订阅" })).toBeVisible();
  await expectNoAxeViolations(worker);
});

test("bad input on the market's server functions is refused with a message and changes nothing", async ({ page }) => {
  // Not signed in: applying and posting are refused.
  await page.goto("/");
  const csrf = (await page.context().cookies()).find((c) => c.name === "lingong_csrf")!.value;
  const post = (path: string, data: Record<string, string | number>) =>
    page.request.post(`/api/${path}`, { form: data, headers: { "x-csrf-token": csrf } });
  expect((await post("applications/apply", { posting_id: 1 })).status()).toBe(401);
  expect((await post("employer/postings", {})).status()).toBe(401);

  // A worker: applying to a posting that does not exist, with an oversize message, and twice.
  await signInWithCode(page, randomPhone("139"));
  await expect(page).toHaveURL(/\/me$/);
  const csrf2 = (await page.context().cookies()).find((c) => c.name === "lingong_csrf")!.value;
  const post2 = (path: string, data: Record<string, string | number>) =>
    page.request.post(`/api/${path}`, { form: data, headers: { "x-csrf-token": csrf2 } });
  const missing = await post2("applications/apply", { posting_id: 987654321 });
  expect(missing.status()).toBe(409);
  expect(JSON.stringify(await missing.json())).toContain("posting_not_open");
  const long = await post2("applications/apply", { posting_id: 1, message: "长".repeat(201) });
  expect(long.status()).toBe(400);
  // Workers cannot manage postings.
  expect((await post2("employer/postings", {})).status()).toBe(403);
  expect((await post2("employer/decide", { application_id: 1, decision: "accept" })).status()).toBe(403);
});
