// The Wasm starts only once the browser is idle after the first paint, so on a weak network a page is
// plain HTML for a while. These tests turn JavaScript off to be that page: what a job seeker taps then
// must still work, or say plainly that it waits for the page to load.
import { execFileSync } from "node:child_process";

import { expect, test } from "./fixtures";

import {
  codeFor,
  employerWithOrganisation,
  fillTermsAndPublish,
  holdWasm,
  phonePage,
  randomPhone,
  signInWithCode,
} from "./helpers";

// `holdWasm` holds the page's requests back with `page.route`, which cannot see what a service worker
// answers (the worker keeps the Wasm once it controls the page): no worker here.
test.use({ serviceWorkers: "block" });

test.describe("before the Wasm arrives", () => {
  test.use({ javaScriptEnabled: false });

  test("elder mode and the English switch work as plain forms, and persist", async ({ page }) => {
    await page.goto("/?date=week");
    await page.getByRole("button", { name: "长辈版" }).click();
    // Back on the same page, with the same filters, in elder mode.
    await expect(page).toHaveURL(/\/\?date=week$/);
    await expect(page.locator("html")).toHaveClass(/elder/);
    await expect(page.getByRole("button", { name: "标准版" })).toHaveAttribute("aria-pressed", "true");
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");

    await page.goto("/markets");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.locator("html")).toHaveClass(/elder/);
    // Geolocation needs the Wasm: the button says so by being disabled rather than doing nothing.
    await expect(page.getByRole("button", { name: "Nearest to me" })).toBeDisabled();
    await page.getByRole("button", { name: "中文" }).click();
    await page.getByRole("button", { name: "标准版" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.locator("html")).not.toHaveClass(/elder/);
  });
});

test("someone signs up with a phone and a code before the Wasm arrives", async ({ browser }) => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto("/login");
  // Switching between a password and a code is a link.
  await page.getByRole("link", { name: "用密码登录（用人单位、工作人员）" }).click();
  await expect(page).toHaveURL(/\/login\?with=password$/);
  await expect(page.getByLabel("密码")).toBeVisible();
  await page.getByRole("link", { name: "用短信验证码登录" }).click();
  await expect(page).toHaveURL(/\/login$/);

  const phone = randomPhone("139");
  await page.getByLabel("手机号").fill(phone);
  await page.getByLabel("我要招人（用人单位）").check();
  await page.getByRole("button", { name: "获取验证码" }).click();

  // The server sends the page back with the number, the role and word of the code.
  await expect(page).toHaveURL(/\/login\??$/);
  await expect(page.getByText(`验证码已发送到 ${phone.slice(0, 3)}****${phone.slice(7)}`)).toBeVisible();
  await expect(page.getByLabel("手机号")).toHaveValue(phone);
  await expect(page.getByLabel("我要招人（用人单位）")).toBeChecked();

  // Enter in the code's field signs in; it does not ask for another code.
  await page.getByLabel("短信验证码").fill(await codeFor(phone));
  await page.getByLabel("短信验证码").press("Enter");
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.locator(".signed-in-as")).toContainText("用人单位");

  // Signed in, the number is no longer remembered for the sign-in page.
  await page.goto("/login");
  await expect(page.getByLabel("手机号")).toHaveValue("");

  // Signing out is a form too, and ends on the home page.
  await page.goto("/me");
  await page.getByRole("button", { name: "退出登录", exact: true }).click();
  await expect(page).toHaveURL(/\/\??$/);
  await page.goto("/me");
  await expect(page.locator(".signed-in-as")).toHaveCount(0);
  await page.context().close();
});

test("a wrong number posted before the Wasm arrives is named", async ({ browser }) => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto("/login");
  await page.getByLabel("手机号").fill("12345");
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("alert")).toContainText("手机号");
  await page.context().close();
});

test("a worker applies and withdraws before the Wasm arrives", async ({ browser }) => {
  const worker = await phonePage(browser);
  await signInWithCode(worker, randomPhone("139"));
  const signedIn = await worker.context().storageState();
  await worker.context().close();

  const page = await phonePage(browser, { javaScriptEnabled: false, storageState: signedIn });
  await page.goto("/");
  await page.locator(".posting-list .posting-title a").first().click();
  await expect(page).toHaveURL(/\/postings\/\d+$/);
  const address = page.url();

  // A first application asks for the name the profile does not have yet.
  await page.getByLabel("姓名", { exact: true }).fill("刘师傅");
  await page.getByLabel("给用人单位留言（可不填）").fill("明天一早能到");
  await page.getByRole("button", { name: "我要报名" }).click();
  // The server sends the browser back to the posting, which now says so and shows the application.
  await expect(page).toHaveURL(new RegExp(`^${address}\\?applied=1#apply$`));
  await expect(page.getByText("报名成功！")).toBeVisible();
  await expect(page.locator(".application-status")).toContainText("待处理");

  // Withdrawn, the posting can be applied for again.
  await page.getByRole("button", { name: "撤回报名" }).click();
  await expect(page.getByRole("button", { name: "我要报名" })).toBeVisible();
  await expect(page.locator(".application-status")).toHaveCount(0);
  await page.context().close();
});

test("what is typed and chosen before the Wasm arrives survives hydration", async ({ page }) => {
  // The Wasm (and a lazy page's pieces) are held back until the test has typed.
  const release = await holdWasm(page);

  await page.goto("/login");
  const phone = randomPhone("139");
  await page.getByLabel("手机号").fill(phone);
  await page.getByLabel("我要招人（用人单位）").check();
  release();
  await expect(page.locator("body[data-hydrated]")).toBeAttached({ timeout: 30_000 });
  await expect(page.getByLabel("手机号")).toHaveValue(phone);
  await expect(page.getByLabel("我要招人（用人单位）")).toBeChecked();
  // The page's own state follows what was typed: the code goes to that number.
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByText(`验证码已发送到 ${phone.slice(0, 3)}****${phone.slice(7)}`)).toBeVisible();
});

test("a keyword typed before the Wasm arrives is searched for once it has", async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto("/");
  await page.getByRole("searchbox").fill("帮厨");
  release();
  await expect(page.locator("body[data-hydrated]")).toBeAttached({ timeout: 30_000 });
  await expect(page.getByRole("searchbox")).toHaveValue("帮厨");
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=%E5%B8%AE%E5%8E%A8(&|$)/);
  await expect(page.getByRole("searchbox")).toHaveValue("帮厨");
});

test("a report posted before the Wasm arrives is confirmed, and a bad one named", async ({ browser }) => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto("/");
  await page.locator(".posting-list .posting-title a").first().click();
  await expect(page).toHaveURL(/\/postings\/\d+$/);
  const address = page.url();

  // "Other" needs a word on what happened: the page comes back with the form open, saying so.
  await page.getByText("举报这个岗位").click();
  await page.getByLabel("其他").check();
  await page.getByRole("button", { name: "提交举报" }).click();
  await expect(page.locator(".report")).toHaveAttribute("open", "");
  await expect(page.locator(".report [role=alert]")).toContainText("具体情况");

  await page.getByLabel("具体情况").fill("电话打不通，地址是空的");
  await page.getByRole("button", { name: "提交举报" }).click();
  await expect(page).toHaveURL(new RegExp(`^${address}\\?reported=1#report$`));
  await expect(page.locator(".report")).toHaveAttribute("open", "");
  await expect(page.locator(".report [role=status]")).toHaveText("举报已提交，工作人员会尽快处理。");
  await page.context().close();
});

test("a worker's own pages work before the Wasm arrives", async ({ browser }) => {
  // Signed in and set up with the Wasm: an application and a saved search.
  const worker = await phonePage(browser);
  await signInWithCode(worker, randomPhone("139"));
  await worker.goto("/?q=%E5%B8%AE%E5%8E%A8");
  await expect(worker.locator("body[data-hydrated]")).toBeAttached();
  await worker.locator(".save-search summary").click();
  await worker.getByLabel("订阅名称").fill("附近帮厨");
  await worker.locator(".save-search").getByRole("button", { name: "订阅这个搜索" }).click();
  await expect(worker.getByText("已订阅。有符合条件的新岗位时会通知您。")).toBeVisible();
  await worker.locator(".posting-list .posting-title a").first().click();
  await expect(worker.locator("body[data-hydrated]")).toBeAttached();
  await worker.getByLabel("姓名", { exact: true }).fill("刘师傅");
  await worker.getByRole("button", { name: "我要报名" }).click();
  await expect(worker.locator(".application-status")).toContainText("待处理");
  const signedIn = await worker.context().storageState();
  await worker.context().close();

  const page = await phonePage(browser, { javaScriptEnabled: false, storageState: signedIn });
  // Withdrawing from the list of one's applications.
  await page.goto("/me/applications");
  const mine = page.locator(".managed-posting").first();
  await expect(mine.locator(".badge")).toHaveText("待处理");
  await mine.getByRole("button", { name: "撤回报名" }).click();
  await expect(page).toHaveURL(/\/me\/applications\??$/);
  await expect(page.locator(".managed-posting").first().locator(".badge")).toHaveText("已撤回");

  // Deleting a saved search.
  await page.goto("/for-you");
  await expect(page.getByText("附近帮厨")).toBeVisible();
  await page.getByRole("button", { name: "删除" }).click();
  await expect(page).toHaveURL(/\/for-you\??$/);
  await expect(page.getByText("附近帮厨")).toHaveCount(0);
  await page.context().close();
});

test("an employer manages a posting and its applicant before the Wasm arrives", async ({ browser }) => {
  test.setTimeout(120_000);
  // Set up with the Wasm: a posting (its place is picked on a map), and a worker's application.
  const employer = await phonePage(browser);
  const title = `无脚本帮厨${Math.floor(Math.random() * 1e6)}`;
  await employerWithOrganisation(employer);
  await employer.goto("/employer/new");
  await expect(employer.locator("body[data-hydrated]")).toBeAttached();
  await employer.getByLabel("工种", { exact: true }).selectOption({ label: "帮厨" });
  await employer.getByLabel("岗位名称").fill(title);
  const map = employer.locator(".picker-map");
  await map.click({ position: { x: 180, y: 120 } });
  await expect(employer.locator(".location-chosen")).toContainText("已选位置");
  await fillTermsAndPublish(employer);
  const employerState = await employer.context().storageState();
  await employer.context().close();

  const worker = await phonePage(browser);
  await signInWithCode(worker, randomPhone("139"));
  await worker.goto(`/?q=${encodeURIComponent(title)}`);
  await worker.locator(".posting-list li", { hasText: title }).getByRole("link", { name: title }).click();
  await expect(worker.locator("body[data-hydrated]")).toBeAttached();
  await worker.getByLabel("姓名", { exact: true }).fill("刘师傅");
  await worker.getByRole("button", { name: "我要报名" }).click();
  await expect(worker.locator(".application-status")).toContainText("待处理");
  await worker.context().close();

  // Without the Wasm: accept the applicant, then pause, resume and close the posting.
  const page = await phonePage(browser, { javaScriptEnabled: false, storageState: employerState });
  await page.goto("/employer");
  const row = () => page.locator(".managed-posting", { hasText: title });
  await row().getByRole("link", { name: /报名者/ }).click();
  const applicants = page.url();
  await page.locator(".applicant").getByRole("button", { name: "录用", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${applicants}\\??$`));
  await expect(page.locator(".applicant .managed-head .badge").first()).toHaveText("已录用");
  await expect(page.locator(".applicant .managed-head")).toContainText("未确认");

  await page.goto("/employer");
  await row().getByRole("button", { name: "暂停招聘" }).click();
  await expect(page).toHaveURL(/\/employer\??$/);
  await expect(row().locator(".managed-head .badge")).toHaveText("已暂停");
  await row().getByRole("button", { name: "恢复招聘" }).click();
  await expect(row().locator(".managed-head .badge")).toHaveText("招聘中");
  await row().getByRole("button", { name: "结束招聘" }).click();
  await expect(row().locator(".managed-head .badge")).toHaveText("已结束");
  // Posting it again makes a new draft and goes on to its editor (an island: its fields fill in once the
  // Wasm arrives).
  await row().getByRole("button", { name: "重新发布" }).click();
  await expect(page).toHaveURL(/\/employer\/postings\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("编辑岗位");
  await page.goto("/employer");
  await expect(page.locator(".managed-posting", { hasText: title })).toHaveCount(2);
  await page.context().close();
});

test("staff review an organisation and a report before the Wasm arrives", async ({ browser }) => {
  // An organisation waiting for review, and a report about a posting.
  const employer = await phonePage(browser);
  const contact = await employerWithOrganisation(employer);
  await employer.context().close();
  const details = `无脚本举报${Math.floor(Math.random() * 1e6)}`;
  const reporter = await phonePage(browser, { javaScriptEnabled: false });
  await reporter.goto("/");
  await reporter.locator(".posting-list .posting-title a").first().click();
  await reporter.getByText("举报这个岗位").click();
  await reporter.getByLabel("其他").check();
  await reporter.getByLabel("具体情况").fill(details);
  await reporter.getByRole("button", { name: "提交举报" }).click();
  await expect(reporter.locator(".report [role=status]")).toBeVisible();
  await reporter.context().close();

  const staff = randomPhone("135");
  execFileSync(process.env.LINGONG_SERVER_BIN!, ["account", "--phone", staff, "--role", "staff", "--scope", "province", "--name", "无脚本审核员"], {
    cwd: "..",
    stdio: "pipe",
  });
  const signingIn = await phonePage(browser);
  await signInWithCode(signingIn, staff);
  const signedIn = await signingIn.context().storageState();
  await signingIn.context().close();

  const page = await phonePage(browser, { javaScriptEnabled: false, storageState: signedIn });
  await page.goto("/staff");
  // Staff see the contact's number masked.
  const organisation = page.locator(".review-item", { hasText: `${contact.slice(0, 3)}****${contact.slice(7)}` });
  // Rejecting needs a reason: the page comes back saying so, and the organisation still waits.
  await organisation.getByRole("button", { name: "不通过" }).click();
  await expect(page.getByRole("alert").first()).toContainText("原因");
  await expect(organisation).toHaveCount(1);
  await organisation.getByRole("button", { name: "通过", exact: true }).click();
  await expect(page).toHaveURL(/\/staff\??$/);
  await expect(organisation).toHaveCount(0);

  const report = page.locator(".review-item", { hasText: details });
  await report.getByLabel("处理说明").fill("电话核实，岗位正常");
  await report.getByRole("button", { name: "不属实" }).click();
  await expect(page).toHaveURL(/\/staff\??$/);
  await expect(report).toHaveCount(0);
  await page.context().close();
});
