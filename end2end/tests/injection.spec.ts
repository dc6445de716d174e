// Hostile text in every field a person can write, looked at on every page that shows it: it must be
// shown as the very text that was typed, and nothing in it may run. A dialog on any page fails the test;
// so does markup that became elements, a <title> or a JSON-LD block it broke out of, and (through the
// fixture) anything the Content-Security-Policy had to block.
//
// Rendering checks are soft (expect.soft): one run reports every place that mishandles the text, while
// the steps that make the data (signing in, posting, applying, …) stop the test when they fail.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

import { Locator, Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import {
  acceptedForShiftNow,
  chinaDate,
  codeOnScreen,
  creditCode,
  employerWithOrganisation,
  fillTermsAndPublish,
  findableWorkerAndVerifiedEmployer,
  ownAddress,
  phonePage,
  proposeCourse,
  publishBusRun,
  publishThroughApi,
  randomPhone,
  signInWithCode,
} from "./helpers";

const root = resolve(__dirname, "../..");
const serverBin = process.env.LINGONG_SERVER_BIN ?? "./target/debug/server";
/** 江宁区: the district of 江苏省零工市场, whose place a posting published through the market takes. */
const JIANGNING = 320115;
const MARKET = "js-province";

// The payloads. Each field gets its own, marked with this run's tag so that it is found again.
const TITLE_BREAK = "</title><script>alert(1)</script>";
const ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>';
const SCRIPT_BREAK = "</script><script>alert(2)</script>";
const SVG = "<svg onload=alert(3)>";
const SQL = "'; DROP TABLE postings;--";

type Shown = { texts?: string[]; values?: [Locator, string][]; title?: string };

/**
 * Looks at a page as it is: the texts shown, the fields holding text, and nothing that ran (no handler
 * attribute, no broken-out image or script, no dialog since the last look: `dialogs` is what the pages'
 * guards recorded).
 */
function lookWith(dialogs: string[]) {
  return async (page: Page, where: string, shown: Shown = {}) => {
    await expect.soft(page.locator("body[data-hydrated]"), `${where}: hydrated`).toBeAttached({ timeout: 30_000 });
    const main = page.locator("main");
    // Result cards are laid out only near the screen (content-visibility), and innerText leaves out
    // what is not laid out: the page is looked at through a screen as tall as it.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport?.width ?? 360, height: 6000 });
    for (const text of shown.texts ?? []) {
      await expect.soft(main, `${where} shows ${JSON.stringify(text)} as text`).toContainText(text, { useInnerText: true });
    }
    if (viewport) await page.setViewportSize(viewport);
    for (const [field, value] of shown.values ?? []) {
      await expect.soft(field, `${where}: a field holds ${JSON.stringify(value)}`).toHaveValue(value);
    }
    if (shown.title !== undefined) {
      expect.soft(await page.title(), `${where}: <title>`).toContain(shown.title);
    }
    const made = await page.evaluate(() => ({
      handlers: [...document.querySelectorAll("[onerror], [onload]")].map((e) => e.outerHTML.slice(0, 100)),
      images: [...document.querySelectorAll("img")].filter((i) => i.getAttribute("src") === "x").length,
      scripts: [...document.scripts].filter((s) => /^\s*alert\(\d\)\s*$/.test(s.textContent ?? "")).length,
    }));
    expect.soft(made, `${where}: markup in the text became elements`).toEqual({ handlers: [], images: 0, scripts: 0 });
    expect.soft(dialogs.splice(0), `${where}: dialogs`).toEqual([]);
  };
}

/** Records every dialog a page opens (and dismisses it): a dialog fails the test at the next look. */
function guardWith(dialogs: string[]) {
  return (page: Page, who: string) => {
    page.on("dialog", (dialog) => {
      dialogs.push(`${who} at ${page.url()}: ${dialog.type()}(${dialog.message()})`);
      void dialog.dismiss().catch(() => {});
    });
    return page;
  };
}

test("hostile text in every field is shown as text everywhere, and nothing runs", async ({ browser }) => {
  test.setTimeout(420_000);
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  // The keyword is part of the title (at most 30 characters), so the search finds the posting and the
  // saved search alerts the worker when it is published.
  const keyword = `${SVG}${tag}`;
  const p = {
    keyword,
    title: `${keyword}${TITLE_BREAK}`,
    description: `${tag}内容${SCRIPT_BREAK}${ATTRIBUTE_BREAK}${SQL}`,
    requirements: `${tag}要求${ATTRIBUTE_BREAK}${TITLE_BREAK}`,
    bring: `${tag}带上${SCRIPT_BREAK}${SVG}`,
    address: `${tag}地点${SCRIPT_BREAK}${SVG}`,
    orgName: `${tag}单位${SCRIPT_BREAK}${SQL}`,
    orgAddress: `${tag}单位地址${ATTRIBUTE_BREAK}`,
    contactName: `${tag}${SVG}`,
    workerName: `${tag}${TITLE_BREAK}`,
    message: `${tag}留言${ATTRIBUTE_BREAK}${SVG}`,
    report: `${tag}举报${SCRIPT_BREAK}${SVG}${SQL}`,
    reason: `${tag}原因${SQL}${ATTRIBUTE_BREAK}`,
    label: `${tag}订阅${ATTRIBUTE_BREAK}`,
    orgReason: `${tag}驳回${TITLE_BREAK}`,
  };
  expect(p.title.length).toBeLessThanOrEqual(60);
  expect(p.keyword.length).toBeLessThanOrEqual(30);
  expect(p.workerName.length).toBeLessThanOrEqual(40);

  // Every page of the test: a dialog is recorded, dismissed, and fails the test at the next look.
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const open = async (who: string) => guard(await phonePage(browser), who);

  const look = lookWith(dialogs);
  /** A check that may fail without stopping the test. */
  const softly = async (what: string, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      expect.soft(String(error).split("\n")[0], what).toBe("");
    }
  };

  // A staff account, made with the server's command (staff cannot sign up). Of 江宁区, where the
  // organisation and the posting are: the desk lists the oldest hundred waiting in the scope, and the
  // test database keeps the organisations other tests leave waiting, elsewhere.
  const staffPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staffPhone, "--role", "staff", "--scope", `district:${JIANGNING}`, "--name", "注入测试审核员"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });

  // The worker: a profile without a name (applying asks for it), and a saved search (keyword and name) made before the posting
  // exists, so that its publication sends an alert that quotes both the title and the search's name.
  const worker = await open("worker");
  await signInWithCode(worker, randomPhone("139"));
  await expect(worker).toHaveURL(/\/me$/);
  await worker.locator("#home-city").selectOption({ label: "南京市" });
  await worker.locator("#home-district").selectOption({ label: "江宁区" });
  await worker.locator(".trade-group summary", { hasText: "餐饮服务" }).click();
  await worker.getByLabel("帮厨").check();
  await worker.getByRole("button", { name: "保存" }).click();
  await expect(worker.getByText("已保存。")).toBeVisible();
  await worker.goto(`/?q=${encodeURIComponent(p.keyword)}`);
  await look(worker, "search before the posting", { values: [[worker.getByRole("searchbox"), p.keyword]] });
  await worker.locator(".save-search summary").click();
  await worker.getByLabel("订阅名称").fill(p.label);
  await worker.locator(".save-search").getByRole("button", { name: "订阅这个搜索" }).click();
  await expect(worker.getByText("已订阅。有符合条件的新岗位时会通知您。")).toBeVisible();

  // The employer: an organisation whose name, address and contact are hostile.
  const employer = await open("employer");
  const employerPhone = randomPhone("137");
  await signInWithCode(employer, employerPhone, true);
  await expect(employer).toHaveURL(/\/me$/);
  await employer.locator("#org-name").fill(p.orgName);
  await employer.getByLabel("统一社会信用代码").fill(creditCode());
  await employer.locator("#org-city").selectOption({ label: "南京市" });
  await employer.locator("#org-district").selectOption({ label: "江宁区" });
  await employer.locator("#org-address").fill(p.orgAddress);
  await employer.locator("#contact-name").fill(p.contactName);
  await employer.getByLabel("联系电话（手机）").fill(employerPhone);
  await employer.getByRole("button", { name: "保存" }).click();
  await expect(employer.getByText("已保存。")).toBeVisible();
  await employer.reload();
  await look(employer, "the employer's account", {
    values: [
      [employer.locator("#org-name"), p.orgName],
      [employer.locator("#org-address"), p.orgAddress],
      [employer.locator("#contact-name"), p.contactName],
    ],
  });

  // Boards open before the posting exists: it reaches them over their live streams.
  const district = await open("district board");
  const market = guard(await district.context().newPage(), "market board");
  for (const [board, url] of [
    [district, `/boards/district/${JIANGNING}`],
    [market, `/boards/market/${MARKET}`],
  ] as const) {
    await board.goto(url);
    await expect(board.locator("body[data-hydrated]")).toBeAttached({ timeout: 30_000 });
    await expect(board.locator(".board[data-stream=open]")).toBeAttached();
  }

  // The posting, through the editor, published through the market (whose place it takes).
  await employer.goto("/employer/new");
  await expect(employer.locator("body[data-hydrated]")).toBeAttached({ timeout: 30_000 });
  await employer.getByLabel("工种", { exact: true }).selectOption({ label: "帮厨" });
  await employer.getByLabel("岗位名称").fill(p.title);
  await employer.getByLabel("工作内容").fill(p.description);
  await employer.getByLabel("要求", { exact: true }).fill(p.requirements);
  await employer.getByLabel("携带物品", { exact: true }).fill(p.bring);
  await employer.getByLabel("发布所在的市场或驿站").selectOption(MARKET);
  await expect(employer.locator(".location-chosen")).toContainText("已选位置");
  await fillTermsAndPublish(employer, p.address);
  const href = await employer.locator(".notice a[href^='/postings/']").last().getAttribute("href");
  const postingPath = href!.match(/^\/postings\/\d+/)![0];
  const postingId = Number(postingPath.split("/")[2]);

  // Live: the boards show the title as text, from the stream.
  for (const [board, name] of [
    [district, "district board (live)"],
    [market, "market board (live)"],
  ] as const) {
    await softly(`${name}: the posting arrives`, () =>
      expect(board.locator(".board-feed-title", { hasText: p.title })).toHaveText(p.title, { timeout: 15_000 }),
    );
    await look(board, name, { texts: [p.title] });
  }
  await district.context().close();

  // The posting's page, for a visitor: <title>, the meta description, JSON-LD, and every field.
  const visitor = await open("visitor");
  const lookAtPosting = async (page: Page, who: string) => {
    const where = `the posting page (${who})`;
    await page.goto(postingPath);
    await softly(`${where}: heading`, () => expect(page.locator("h1")).toHaveText(p.title));
    await look(page, where, { title: p.title, texts: [p.title, p.description, p.requirements, p.bring, p.address, p.orgName] });
    const descriptions = await page.locator('meta[name="description"]').evaluateAll((metas) => metas.map((m) => m.getAttribute("content")));
    expect.soft(descriptions.length === 1 && descriptions[0]?.startsWith(`${p.title} · `), `${where}: meta description ${JSON.stringify(descriptions)}`).toBe(true);
    const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
    expect.soft(blocks.length, `${where}: JSON-LD blocks`).toBe(1);
    for (const block of blocks) {
      let data: {
        title?: string;
        description?: string;
        hiringOrganization?: { name?: string };
        jobLocation?: { address?: { streetAddress?: string } };
      };
      try {
        data = JSON.parse(block);
      } catch (error) {
        expect.soft(block, `${where}: JSON-LD does not parse (${error})`).toBe("valid JSON");
        continue;
      }
      expect.soft(data.title, `${where}: JSON-LD title`).toBe(p.title);
      expect.soft(data.description, `${where}: JSON-LD description`).toBe(p.description);
      expect.soft(data.hiringOrganization?.name, `${where}: JSON-LD organisation`).toBe(p.orgName);
      expect.soft(data.jobLocation?.address?.streetAddress, `${where}: JSON-LD address`).toBe(p.address);
    }
    // The small map's marker carries the title as its tooltip (the map is drawn when scrolled near).
    await page.locator(".place-map-box").scrollIntoViewIfNeeded();
    await softly(`${where}: map marker title`, () =>
      expect(page.locator(".place-map").getByTitle(p.title, { exact: true })).toBeAttached(),
    );
  };
  await lookAtPosting(visitor, "visitor");

  // The search results.
  await visitor.goto(`/?q=${encodeURIComponent(p.keyword)}`);
  await look(visitor, "search results", {
    texts: [p.title, p.address, p.orgName],
    values: [[visitor.getByRole("searchbox"), p.keyword]],
  });
  await softly("search results: the posting is listed once", () =>
    expect(visitor.locator(".posting-card", { hasText: p.title })).toHaveCount(1),
  );
  // Around the market's point the map opens close in.
  await visitor.goto(`/?q=${encodeURIComponent(p.keyword)}&lng=118.81500&lat=31.94400&r=5`);
  await look(visitor, "search results around a point", { texts: [p.title, p.address, p.orgName] });

  // The market's page lists today's postings around it, newest first.
  await visitor.goto(`/markets/${MARKET}`);
  await look(visitor, "the market's page", { texts: [p.title, p.address, p.orgName] });

  // The gig map's popup, for a posting of its own away from the market: the market's marker would
  // cover a pin at its own place. The title does not hold the keyword, so the saved search stays quiet.
  const pinTitle = `${tag}地图${ATTRIBUTE_BREAK}${SVG}`;
  await publishThroughApi(employer, pinTitle);
  // Search follows the database within a moment of the commit (the in-memory index refreshes on the
  // announcement), so the page is loaded until the posting is in it.
  const around = `/?q=${encodeURIComponent(`${tag}地图`)}&lng=118.77160&lat=32.06870&r=5`;
  await expect
    .poll(async () => {
      await visitor.goto(around);
      return visitor.locator(".posting-card", { hasText: pinTitle }).count();
    }, { timeout: 15_000 })
    .toBe(1);
  await look(visitor, "the gig map", { texts: [pinTitle] });
  await softly("the gig map's popup shows the title as text", async () => {
    // On a phone the map waits behind its switch; around a point it opens with clusters, and a tap on
    // one brings the single postings.
    await visitor.locator(".map-toggle").click();
    await visitor.locator(".gig-map .map-cluster").first().dispatchEvent("click");
    await visitor.locator(".gig-map").getByTitle(pinTitle, { exact: true }).dispatchEvent("click");
    await expect(visitor.locator(".leaflet-popup-content strong")).toHaveText(pinTitle);
  });
  await look(visitor, "the gig map's popup");
  await visitor.context().close();

  // The worker: the posting page signed in, then applies with a message and reports it.
  await lookAtPosting(worker, "worker");
  await worker.getByLabel("姓名", { exact: true }).fill(p.workerName);
  await worker.getByLabel("给用人单位留言（可不填）").fill(p.message);
  await worker.getByRole("button", { name: "我要报名" }).click();
  await expect(worker.getByText("报名成功！")).toBeVisible();
  await look(worker, "the posting page after applying", { title: p.title, texts: [p.title] });
  await worker.getByText("举报这个岗位").click();
  await worker.getByLabel("其他").check();
  await worker.getByLabel("具体情况").fill(p.report);
  await worker.getByRole("button", { name: "提交举报" }).click();
  await expect(worker.locator(".report [role=status]")).toBeVisible();
  await look(worker, "the posting page after reporting", { title: p.title });

  // The employer: the list of postings, the applicant (name, message), accepts them, then cancels the
  // place with a reason (the worker reads it).
  await employer.goto("/employer");
  await look(employer, "the employer's postings", { texts: [p.title] });
  await employer.locator(".managed-posting", { hasText: p.title }).getByRole("link", { name: /报名者/ }).click();
  await expect(employer).toHaveURL(new RegExp(`/employer/postings/${postingId}/applicants$`));
  await look(employer, "the applicants", { texts: [p.title, p.workerName, p.message] });
  const applicant = employer.locator(".applicant");
  await expect(applicant).toHaveCount(1);
  await applicant.getByRole("button", { name: "录用", exact: true }).click();
  await expect(applicant.locator(".managed-head .badge").first()).toHaveText("已录用");
  await look(employer, "the applicants after accepting", { texts: [p.workerName, p.message] });
  await applicant.getByText("取消录用…").click();
  await applicant.getByLabel("原因", { exact: true }).fill(p.reason);
  await applicant.getByRole("button", { name: "确认取消" }).click();
  await expect(applicant.locator(".managed-head .badge").first()).toHaveText("未录用");
  await look(employer, "the applicants after cancelling the place", { texts: [p.workerName, p.message, p.reason] });
  await employer.goto(`/employer/postings/${postingId}`);
  await look(employer, "the posting's editor", {
    values: [
      [employer.getByLabel("岗位名称"), p.title],
      [employer.getByLabel("工作内容"), p.description],
      [employer.getByLabel("要求", { exact: true }), p.requirements],
      [employer.getByLabel("携带物品", { exact: true }), p.bring],
      [employer.getByLabel("工作地点（街道门牌）"), p.address],
    ],
  });
  await softly("the editor's map pin carries the title", () =>
    expect(employer.locator(".picker-map").getByTitle(p.title, { exact: true })).toBeAttached(),
  );
  await employer.goto("/messages");
  await look(employer, "the employer's messages", { texts: [`“${p.title}”有新的报名`] });

  // The worker's own pages.
  await worker.goto("/me/applications");
  await look(worker, "my applications", { texts: [p.title, p.reason] });
  await worker.goto("/messages");
  await look(worker, "the worker's messages", {
    texts: [`新岗位“${p.title}”符合您的订阅“${p.label}”`, `“${p.title}”取消了您的名额：${p.reason}`],
  });
  await worker.goto("/for-you");
  await look(worker, "for you", { texts: [p.label] });
  await worker.locator(".saved-search", { hasText: p.label }).getByRole("link", { name: "查看" }).click();
  await expect(worker).toHaveURL(/[?&]q=/);
  await look(worker, "a saved search opened", {
    texts: [p.title],
    values: [[worker.getByRole("searchbox"), p.keyword]],
  });
  await worker.goto("/me");
  await look(worker, "the worker's account", { values: [[worker.locator("#name"), p.workerName]] });

  // Staff: the organisation waiting for review and the report, the boards with staff figures, the
  // statistics; then the organisation is turned down with a reason its employer reads.
  const staff = await open("staff");
  await signInWithCode(staff, staffPhone);
  await expect(staff).toHaveURL(/\/staff$/);
  await look(staff, "the staff desk", {
    texts: [p.orgName, p.orgAddress, p.contactName, p.title, p.report],
  });
  const organisation = staff.locator(".review-item", { hasText: p.orgName }).filter({ has: staff.getByRole("button", { name: "不通过", exact: true }) });
  await expect(organisation).toHaveCount(1);
  const report = staff.locator(".review-item", { hasText: p.report });
  await softly("the staff desk: the report names the posting and the organisation", async () => {
    await expect(report).toContainText(p.title);
    await expect(report).toContainText(p.orgName);
  });
  await staff.goto(`/boards/district/${JIANGNING}`);
  await look(staff, "the district board (staff, first load)", { texts: [p.title] });
  await expect.soft(staff.locator(".board-staff")).toBeVisible();
  await staff.goto(`/boards/market/${MARKET}`);
  await look(staff, "the market board (staff, first load)", { texts: [p.title] });
  await staff.goto("/staff/statistics");
  await look(staff, "the statistics");
  const csv = await staff.request.get("/staff/statistics.csv?period=day");
  expect.soft(csv.status(), "statistics CSV").toBe(200);
  const bytes = await csv.body();
  expect.soft([...bytes.subarray(0, 3)], "statistics CSV: byte-order mark").toEqual([0xef, 0xbb, 0xbf]);
  // Figures and the names of places and trades only: nothing anybody typed.
  expect.soft(bytes.toString("utf8").includes(tag), "statistics CSV holds typed text").toBe(false);

  await staff.goto("/staff");
  await organisation.getByLabel("原因（不通过时必填）").fill(p.orgReason);
  await organisation.getByRole("button", { name: "不通过", exact: true }).click();
  await expect(staff).toHaveURL(/\/staff\??$/);
  await expect(staff.locator(".review-item", { hasText: p.orgName }).filter({ has: staff.getByRole("button", { name: "不通过", exact: true }) })).toHaveCount(0);
  await look(staff, "the staff desk after the decision");

  await employer.goto("/me");
  await look(employer, "the employer's account after review", {
    texts: [`未通过审核：${p.orgReason}`],
    values: [[employer.locator("#org-name"), p.orgName]],
  });

  // The SQL did nothing either: the postings are all still there.
  const home = await employer.request.get("/");
  expect(home.status()).toBe(200);
  expect(await home.text()).toMatch(/class="posting-card"/);
  expect(dialogs, "dialogs after the last look").toEqual([]);
});

test("hostile text in the shift's fields is shown as text to every side, and nothing runs", async ({ browser }) => {
  test.setTimeout(240_000);
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  const p = {
    correction: `${tag}工时${ATTRIBUTE_BREAK}`,
    paymentNote: `${tag}付款${SCRIPT_BREAK}`,
    dispute: `${tag}异议${SVG}${SQL}`,
    complaint: `${tag}投诉${TITLE_BREAK}${ATTRIBUTE_BREAK}`,
    decision: `${tag}处理${SCRIPT_BREAK}${SVG}`,
    message: `${tag}留言${TITLE_BREAK}${SVG}`,
    reply: `${tag}回复${ATTRIBUTE_BREAK}${SQL}`,
    broadcast: `${tag}群发${SCRIPT_BREAK}`,
    messageReport: `${tag}举报${ATTRIBUTE_BREAK}`,
    appeal: `${tag}申诉${TITLE_BREAK}${SVG}`,
    bring: `${tag}携带${ATTRIBUTE_BREAK}${SQL}`,
  };
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const look = lookWith(dialogs);
  const { employer, worker, id } = await acceptedForShiftNow(browser, `注入签到${tag}`, p.bring);
  guard(employer, "employer");
  guard(worker, "worker");
  await worker.goto("/me/applications");
  await look(worker, "my applications with the place", { texts: [p.bring] });

  // In and out by the code, then the employer's correction and payment, each with hostile text.
  const mine = worker.locator(".managed-posting", { hasText: `注入签到${tag}` });
  for (const button of ["签到", "签退"]) {
    const code = await codeOnScreen(employer, id);
    await worker.goto("/me/applications");
    await mine.locator(".clock-form").getByLabel("现场签到码（雇主手机上的6位数字）").fill(code);
    await mine.locator(".clock-form").getByRole("button", { name: button }).click();
    await expect(mine.locator(".managed-head .badge")).toHaveText("已到岗");
  }
  await expect(mine.locator(".shift-day")).toContainText("离开");
  await employer.goto(`/employer/postings/${id}/applicants`);
  const panel = employer.locator(".employer-shift");
  const correction = panel.locator("details", { has: employer.locator("input[name=hours]") });
  await correction.locator("summary").click();
  await correction.getByLabel("实际工时（小时，半小时为单位）").fill("4");
  await correction.getByLabel("修改原因（工人可见）").fill(p.correction);
  await correction.locator("button[type=submit]").click();
  const payment = employer.locator(".employer-shift details", { has: employer.locator("input[name=amount]") });
  await payment.locator("summary").click();
  await payment.getByLabel("金额（元）").fill("80");
  await payment.getByLabel("备注（可选）").fill(p.paymentNote);
  await payment.locator("button[type=submit]").click();
  await expect(employer.locator(".employer-shift .payment")).toContainText("80元");
  await look(employer, "the applicants with the shift", { texts: [p.correction, p.paymentNote] });

  // Messages about the place: the worker writes, the employer replies and writes to everyone; the
  // worker reports the reply. Each side reads the others' words as text, and staff read the report.
  await worker.goto("/me/applications");
  await mine.getByRole("link", { name: "留言" }).click();
  await worker.getByLabel("写留言").fill(p.message);
  await worker.getByRole("button", { name: "发送" }).click();
  await expect(worker.locator(".thread-message.mine")).toHaveCount(1);
  await employer.locator(".applicant").getByRole("link", { name: "留言" }).click();
  await look(employer, "the employer's thread", { texts: [p.message] });
  await employer.getByLabel("写留言").fill(p.reply);
  await employer.getByRole("button", { name: "发送" }).click();
  await employer.goto(`/employer/postings/${id}/applicants`);
  await employer.locator(".broadcast summary").click();
  await employer.locator(".broadcast").getByLabel("写留言").fill(p.broadcast);
  await employer.locator(".broadcast").getByRole("button", { name: "发送" }).click();
  await worker.reload();
  await look(worker, "the worker's thread", { texts: [p.message, p.reply, p.broadcast] });
  const reply = worker.locator(".thread-message", { hasText: `${tag}回复` });
  await reply.locator(".report-message summary").click();
  await reply.getByLabel("举报原因").fill(p.messageReport);
  await reply.getByRole("button", { name: "提交举报" }).click();
  await expect(worker.locator(".thread-message", { hasText: `${tag}回复` }).locator(".badge")).toHaveText("已举报");
  await worker.goto("/messages");
  await look(worker, "the worker's notifications of messages", { texts: [p.broadcast.slice(0, 20)] });
  await employer.goto(`/employer/postings/${id}/applicants`);

  // The worker reads both, disputes the payment and takes it to staff, each with hostile text.
  await worker.goto("/me/applications");
  await look(worker, "my applications with the shift", { texts: [p.correction, p.paymentNote] });
  await mine.locator(".payment details summary").click();
  await mine.getByLabel("哪里不对？（必填）").fill(p.dispute);
  await mine.getByRole("button", { name: "提交异议" }).click();
  await expect(mine.locator(".payment .badge")).toHaveText("有异议");
  await mine.locator(".ask-for-help summary").click();
  await mine.getByLabel("情况说明（可选）").fill(p.complaint);
  await mine.getByRole("button", { name: "提交给工作人员" }).click();
  await expect(mine.getByText("欠薪投诉：处理中")).toBeVisible();
  await look(worker, "my applications after the dispute", { texts: [p.dispute] });
  await employer.goto("/messages");
  await look(employer, "the employer's messages", { texts: [p.dispute] });

  // Ratings both ways; the employer appeals the worker's with hostile text, which staff read.
  await worker.goto("/me/applications");
  await mine.locator(".rate summary").click();
  await mine.getByLabel("1星", { exact: true }).check();
  await mine.getByRole("button", { name: "提交评价" }).click();
  await expect(mine.locator(".rating-given")).toContainText("★☆☆☆☆");
  await employer.goto(`/employer/postings/${id}/applicants`);
  await employer.locator(".rate summary").click();
  await employer.getByLabel("5星", { exact: true }).check();
  await employer.getByRole("button", { name: "提交评价" }).click();
  await employer.locator(".appeal summary").click();
  await employer.getByLabel("申诉理由").fill(p.appeal);
  await employer.getByRole("button", { name: "提交申诉" }).click();
  await expect(employer.locator(".rating-received")).toContainText("申诉处理中");

  // Staff read the case (every text of it) and decide with a hostile note both sides read.
  const staffPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:320106", "--name", "注入测试监察员"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const staff = guard(await phonePage(browser, { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } }), "staff");
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  await look(staff, "the staff desk's reported messages and rating appeals", {
    texts: [p.reply, p.messageReport, p.appeal],
  });
  await staff.locator(".wage-cases .review-item", { hasText: `注入签到${tag}` }).getByRole("link", { name: "查看" }).click();
  await look(staff, "the wage case", {
    texts: [p.complaint, p.dispute, p.correction, p.paymentNote, p.message, p.reply, p.broadcast],
  });
  await staff.getByLabel("处理说明（双方可见）").fill(p.decision);
  await staff.getByRole("button", { name: "不予支持" }).click();
  await expect(staff.locator(".badge.wage-case-dismissed")).toBeVisible();
  await look(staff, "the decided wage case", { texts: [p.decision] });
  await worker.goto("/messages");
  await look(worker, "the worker's messages", { texts: [p.decision, p.correction] });
  // Staff hide the reported reply: its words leave the thread for both sides, and the desk.
  await staff.goto("/staff");
  await staff.locator(".reported-messages .review-item", { hasText: `${tag}回复` }).getByRole("button", { name: "违规，隐藏留言" }).click();
  await expect(staff.locator(".reported-messages .review-item", { hasText: `${tag}回复` })).toHaveCount(0);
  await worker.goto("/me/applications");
  await mine.getByRole("link", { name: "留言" }).click();
  await expect(worker.locator(".thread-hidden")).toHaveText("此留言违反平台规则，已被工作人员隐藏。");
  await expect(worker.locator(".thread-message", { hasText: `${tag}回复` })).toHaveCount(0);
  await look(worker, "the worker's thread after staff hid the reply", { texts: [p.message, p.broadcast] });
  await worker.goto("/messages");
  await expect(worker.getByText(`${tag}回复`)).toHaveCount(0);
  await staff.goto("/staff");
  await look(staff, "the staff desk's audit log", {});
});

test("hostile text in a no-show appeal is shown as text to the employer and to staff, and nothing runs", async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  const reason = `${tag}缺勤申诉${TITLE_BREAK}${ATTRIBUTE_BREAK}${SQL}`;
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const look = lookWith(dialogs);
  const title = `注入缺勤${tag}`;
  const { employer, worker, id } = await acceptedForShiftNow(browser, title);
  guard(employer, "employer");
  guard(worker, "worker");
  await employer.locator(".applicant").getByRole("button", { name: "未到岗", exact: true }).click();
  await expect(employer.locator(".applicant .managed-head .badge").first()).toHaveText("未到岗");

  await worker.goto("/me/applications");
  const mine = worker.locator(".managed-posting", { hasText: title });
  await mine.locator(".no-show-appeal summary").click();
  await mine.getByLabel("申诉理由").fill(reason);
  await mine.getByRole("button", { name: "提交申诉" }).click();
  await expect(mine.locator(".no-show-appeal-state .badge")).toHaveText("未到岗申诉处理中");
  await look(worker, "my applications with the appeal", { texts: [reason] });
  await employer.goto(`/employer/postings/${id}/applicants`);
  await look(employer, "the applicants with the appeal", { texts: [reason] });
  await employer.goto("/messages");
  await look(employer, "the employer's notice of the appeal", { texts: [reason] });

  const staffPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:320106", "--name", "注入缺勤处理员"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const staff = guard(await phonePage(browser, { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } }), "staff");
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  await look(staff, "the staff desk's no-show appeals", { texts: [reason] });
  await staff.locator(".no-show-appeals .review-item", { hasText: title }).getByRole("button", { name: "申诉不成立" }).click();
  await expect(staff.locator(".no-show-appeals .review-item", { hasText: title })).toHaveCount(0);
  await worker.goto("/me/applications");
  await expect(mine.locator(".no-show-appeal-state .badge")).toHaveText("未到岗申诉未成立，记录保留");
  await look(worker, "my applications after the decision", { texts: [reason] });
});

test("hostile text in a bus run's fields is shown as text to riders and staff, and nothing runs", async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  const p = {
    destination: `${tag}目的地${TITLE_BREAK}`.slice(0, 100),
    meetingPoint: `${tag}上车${ATTRIBUTE_BREAK}`,
    note: `${tag}备注${SCRIPT_BREAK}${SQL}`,
    cancel: `${tag}取消${SVG}${ATTRIBUTE_BREAK}`,
  };
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const look = lookWith(dialogs);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const staffPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:321323", "--name", "注入巴士调度员"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const staff = guard(await phonePage(browser, from), "staff");
  await signInWithCode(staff, staffPhone);
  await publishBusRun(staff, { minutes: 180, destination: p.destination, seats: 45, meetingPoint: p.meetingPoint, note: p.note });
  await look(staff, "the staff desk's runs", { texts: [p.destination, p.meetingPoint, p.note] });

  const worker = guard(await phonePage(browser, from), "worker");
  await signInWithCode(worker, randomPhone("139"));
  await worker.goto("/markets/sq-siyang");
  const run = worker.locator(".bus-run", { hasText: `${tag}目的地` });
  await look(worker, "the market's timetable", { texts: [p.destination, p.meetingPoint, p.note] });
  await run.getByRole("button", { name: "预约座位" }).click();
  await expect(run.locator(".my-seat")).toHaveText("已预约");

  await staff.locator(".staff-buses .bus-run", { hasText: `${tag}目的地` }).getByRole("link", { name: "上车名单" }).click();
  await look(staff, "the boarding list", { texts: [p.destination, p.meetingPoint, p.note] });
  const cancel = staff.locator("details", { has: staff.locator("input[name=reason]") });
  await cancel.locator("summary").click();
  await cancel.getByLabel("取消原因（乘客可见）").fill(p.cancel);
  await cancel.locator("button[type=submit]").click();
  await look(staff, "the cancelled run's boarding list", { texts: [p.cancel] });

  await worker.goto("/messages");
  await look(worker, "the rider's notice of the cancelled run", { texts: [p.cancel] });
  await worker.goto("/markets/sq-siyang");
  await look(worker, "the market's timetable with the cancelled run", { texts: [p.cancel] });
});

test("hostile text in a market's hours and a city's policy note is shown as text, and nothing runs", async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  const p = {
    hours: `${tag}时间${ATTRIBUTE_BREAK}${SQL}`,
    title: `${tag}政策${TITLE_BREAK}`.slice(0, 60),
    body: `${tag}正文${SCRIPT_BREAK}${SVG}${ATTRIBUTE_BREAK}`,
    revised: `${tag}修订${SVG}${SQL}`,
  };
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const look = lookWith(dialogs);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const account = (scope: string, name: string) => {
    const phone = randomPhone("135");
    execFileSync(serverBin, ["account", "--phone", phone, "--role", "staff", "--scope", scope, "--name", name], {
      cwd: root,
      env: process.env,
      stdio: "pipe",
    });
    return phone;
  };

  // The station's hours, written by the district's staff (太仓).
  const district = guard(await phonePage(browser, from), "district staff");
  await signInWithCode(district, account("district:320585", "注入市场管理员"));
  await district.goto("/staff/markets/tc-city");
  await district.getByLabel("开放时间").fill(p.hours);
  await district.getByRole("button", { name: "保存" }).click();
  await expect(district.locator(".notice")).toContainText("已保存");
  await look(district, "the market's editor", { values: [[district.getByLabel("开放时间"), p.hours]] });

  // A note for the city (苏州), written by its staff.
  const city = guard(await phonePage(browser, from), "city staff");
  await signInWithCode(city, account("city:320500", "注入政策科"));
  await city.goto("/staff");
  const form = city.locator(".new-policy-note form");
  await city.locator(".new-policy-note summary").click();
  await form.getByLabel("标题").fill(p.title);
  await form.getByLabel("正文").fill(p.body);
  await form.getByRole("button", { name: "发布" }).click();
  const item = city.locator(".policy-note-item", { hasText: `${tag}政策` });
  await expect(item).toBeVisible();
  await item.locator("details").first().locator("summary").click();
  await look(city, "the staff desk's notes", {
    texts: [p.title],
    values: [
      [item.getByLabel("标题"), p.title],
      [item.getByLabel("正文"), p.body],
    ],
  });

  const seeker = guard(await phonePage(browser, from), "seeker");
  await seeker.goto("/markets/tc-city");
  const note = seeker.locator(".policy-note", { hasText: `${tag}政策` });
  await note.locator("summary").tap();
  await look(seeker, "the market's page", { texts: [p.hours, p.title, p.body] });

  // Revised, the note's new text is as safe.
  await item.getByLabel("正文").fill(p.revised);
  await item.getByRole("button", { name: "保存修改" }).click();
  await expect(city.locator(".policy-note-item", { hasText: `${tag}政策` })).toBeVisible();
  await seeker.reload();
  await seeker.locator(".policy-note", { hasText: `${tag}政策` }).locator("summary").tap();
  await look(seeker, "the market's page after the revision", { texts: [p.revised] });
});

test("hostile text in a help case's follow-ups is shown as text to staff and the worker, and nothing runs", async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  const p = {
    note: `${tag}回访${SCRIPT_BREAK}${ATTRIBUTE_BREAK}`,
    referral: `${tag}推荐${SVG}${SQL}`,
  };
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const look = lookWith(dialogs);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const workerPhone = randomPhone("139");
  const worker = guard(await phonePage(browser, from), "worker");
  await signInWithCode(worker, workerPhone);
  const staffPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staffPhone, "--role", "staff", "--scope", `district:${JIANGNING}`, "--name", "注入帮扶员"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const staff = guard(await phonePage(browser, from), "staff");
  await signInWithCode(staff, staffPhone);
  // An open gig to refer the worker to, by its number.
  await staff.goto("/");
  const href = (await staff.locator(".posting-card .posting-title a").first().getAttribute("href"))!;
  const posting = href.match(/\/postings\/(\d+)/)![1];
  await staff.goto("/staff");
  const section = staff.locator(".staff-help");
  await section.locator(".new-help-case summary").click();
  await section.getByLabel("零工的手机号").fill(workerPhone);
  await section.getByRole("checkbox", { name: "低收入" }).check();
  await section.getByRole("radio", { name: "本人已在现场签署同意书" }).check();
  await section.getByRole("button", { name: "建档" }).click();
  await expect(staff).toHaveURL(/\/staff\/help\/\d+$/);

  const followUp = staff.locator(".add-followup form");
  await followUp.getByLabel("情况说明").fill(p.note);
  await followUp.getByRole("button", { name: "保存" }).click();
  await expect(staff.locator(".help-followup")).toHaveCount(1);
  await followUp.getByLabel("方式").selectOption({ label: "推荐（岗位、招聘会、培训）" });
  await followUp.getByLabel("推荐的岗位编号（可选）").fill(posting);
  await followUp.getByLabel("情况说明").fill(p.referral);
  await followUp.getByRole("button", { name: "保存" }).click();
  await expect(staff.locator(".help-followup")).toHaveCount(2);
  await look(staff, "the help case", { texts: [p.note, p.referral] });

  await worker.goto("/messages");
  await look(worker, "the worker's referral notice", { texts: [p.referral] });
});

test("hostile text in a training course's fields is shown as text to learners, staff and the provider, and nothing runs", async ({ browser }) => {
  test.setTimeout(150_000);
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  const p = {
    title: `${tag}课程${TITLE_BREAK}`,
    address: `${tag}地址${ATTRIBUTE_BREAK}`,
    schedule: `${tag}时间${SVG}`,
    description: `${tag}介绍${SCRIPT_BREAK}\n${SQL}`,
    rejected: `${tag}退回${SCRIPT_BREAK}${ATTRIBUTE_BREAK}`,
    cancelled: `${tag}取消${SVG}${SQL}`,
  };
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const look = lookWith(dialogs);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const provider = guard(await phonePage(browser, from), "provider");
  await employerWithOrganisation(provider);
  await proposeCourse(provider, { title: p.title, capacity: 5, address: p.address, schedule: p.schedule, description: p.description });
  const second = `${tag}第二门课`;
  await proposeCourse(provider, { title: second, capacity: 5 });
  await look(provider, "the provider's courses", { texts: [p.title, p.address, p.schedule] });

  const staffPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:320106", "--name", "注入培训专干"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const staff = guard(await phonePage(browser, from), "staff");
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  await look(staff, "the staff desk's proposals", { texts: [p.title, p.address, p.schedule] });
  await staff.locator(".staff-courses .course.proposed", { hasText: `${tag}课程` }).getByRole("button", { name: "通过" }).click();
  await expect(staff.locator(".staff-courses .course.running", { hasText: `${tag}课程` })).toBeVisible();
  const rejecting = staff.locator(".staff-courses .course.proposed", { hasText: second });
  await rejecting.locator("summary", { hasText: "不通过" }).click();
  await rejecting.getByLabel("不通过的原因").fill(p.rejected);
  await rejecting.getByRole("button", { name: "不通过" }).click();
  await expect(staff.locator(".staff-courses .course.proposed", { hasText: second })).toHaveCount(0);
  await provider.goto("/employer");
  await look(provider, "the provider's rejected course", { texts: [p.rejected] });

  const worker = guard(await phonePage(browser, from), "worker");
  await signInWithCode(worker, randomPhone("139"));
  await worker.goto("/courses?city=320100&trade=electrician");
  await look(worker, "the courses list", { texts: [p.title, p.address, p.schedule] });
  await worker.getByRole("link", { name: `${tag}课程` }).click();
  await look(worker, "the course's page", { texts: [p.title, p.address, p.schedule, `${tag}介绍${SCRIPT_BREAK}`, SQL] });
  await worker.getByRole("button", { name: "报名" }).click();
  await expect(worker.locator(".my-enrolment")).toContainText("已报名");
  const courseUrl = worker.url();

  await staff.goto(`${courseUrl}/roster`);
  await look(staff, "the course's roster", { texts: [p.title] });
  await provider.goto(courseUrl);
  const cancel = provider.locator("details", { has: provider.locator("input[name=reason]") });
  await cancel.locator("summary").click();
  await cancel.getByLabel("原因（学员会收到）").fill(p.cancelled);
  await cancel.locator("button[type=submit]").click();
  await look(provider, "the cancelled course's page", { texts: [p.cancelled] });
  await worker.goto("/messages");
  await look(worker, "the learner's notice of the cancelled course", { texts: [p.title.slice(0, 60), p.cancelled] });
  await worker.goto(courseUrl);
  await look(worker, "the cancelled course, to its learner", { texts: [p.title, p.cancelled] });
});

test("hostile text in a job fair's fields is shown as text to workers, staff and the big screen, and nothing runs", async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  const p = {
    title: `${tag}招聘会${TITLE_BREAK}`,
    place: `${tag}大厅${ATTRIBUTE_BREAK}${SVG}`,
    cancel: `${tag}取消${SCRIPT_BREAK}${SQL}`,
  };
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const look = lookWith(dialogs);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const staffPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:321323", "--name", "注入招聘会专干"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const staff = guard(await phonePage(browser, from), "staff");
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  await staff.locator(".hold-fair summary").click();
  const form = staff.locator(".hold-fair form");
  await form.getByLabel("名称").fill(p.title);
  await form.getByLabel("地点（可选）").fill(p.place);
  // At midnight: the market's first fair of the day, the one its marker on the gig map announces
  // (earlier runs' fairs are cancelled at the end of this test).
  await form.locator("#fair-starts").fill("00:00");
  await form.getByRole("button", { name: "发布" }).click();
  const listed = staff.locator(".staff-fairs .fair", { hasText: `${tag}招聘会` });
  await expect(listed).toHaveCount(1);
  await look(staff, "the staff desk's fairs", { texts: [p.title, p.place] });
  const fairUrl = (await listed.getByRole("link").first().getAttribute("href"))!;
  const fairId = fairUrl.split("/").pop();

  const worker = guard(await phonePage(browser, from), "worker");
  await signInWithCode(worker, randomPhone("139"));
  await worker.goto("/fairs");
  await look(worker, "the fairs calendar", { texts: [p.title, p.place] });
  await worker.goto(fairUrl);
  await look(worker, "the fair's page", { texts: [p.title, p.place] });
  await worker.getByRole("button", { name: "报名参加" }).click();
  await expect(worker.locator(".fair-pass")).toBeVisible();
  await worker.goto("/markets/sq-siyang");
  await look(worker, "the market's fairs", { texts: [p.title, p.place] });
  // The gig map's popup of the market names its next fair: this one, at midnight.
  await worker.goto("/?lng=118.7030&lat=33.7220&r=5");
  await expect(worker.locator("body")).toHaveAttribute("data-hydrated", "true");
  await worker.locator(".map-toggle").click();
  await worker.locator('.gig-map .map-market[title="泗阳县零工市场"]').dispatchEvent("click");
  const next = worker.locator(".leaflet-popup-content .map-next-fair");
  await expect.soft(next, "the gig map's market popup shows the fair's title as text").toContainText(p.title);
  await expect.soft(next).toHaveAttribute("href", fairUrl);
  await look(worker, "the gig map's market popup");
  const screen = guard(await phonePage(browser, from), "screen");
  await screen.goto("/boards/market/sq-siyang?screen=1");
  await look(screen, "the big screen", { texts: [p.title] });

  await staff.goto(`/staff/fairs/${fairId}`);
  await look(staff, "the fair's desk", { texts: [p.title, p.place] });
  const cancel = staff.locator("details", { has: staff.locator("input[name=reason]") });
  await cancel.locator("summary").click();
  await cancel.getByLabel("取消原因（报名者和参会单位会收到）").fill(p.cancel);
  await cancel.locator("button[type=submit]").click();
  await look(staff, "the cancelled fair's desk", { texts: [p.cancel] });
  await worker.goto("/messages");
  await look(worker, "the worker's notice of the cancelled fair", { texts: [p.title, p.cancel] });
  await worker.goto(fairUrl);
  await look(worker, "the cancelled fair's page", { texts: [p.cancel] });
});

test("hostile text in an API key's partner name and in a partner's pushed posting is shown as text, and nothing runs", async ({ browser }) => {
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  const partner = `${tag}${ATTRIBUTE_BREAK}`.slice(0, 80);
  const pushed = {
    title: `${tag}${TITLE_BREAK}`,
    description: `${tag}推送内容${SCRIPT_BREAK}${ATTRIBUTE_BREAK}${SQL}`,
    requirements: `${tag}推送要求${SVG}`,
    bring: `${tag}推送带上${SCRIPT_BREAK}`,
    address: `${tag}推送地点${ATTRIBUTE_BREAK}`,
    orgName: `${tag}推送单位${SCRIPT_BREAK}${SVG}`,
  };
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const look = lookWith(dialogs);
  const adminPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", adminPhone, "--role", "admin", "--name", "注入管理员"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const admin = guard(await phonePage(browser, { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } }), "admin");
  await signInWithCode(admin, adminPhone);
  await admin.goto("/staff");
  await expect(admin.locator("body")).toHaveAttribute("data-hydrated", "true");
  await admin.getByLabel("合作方名称").fill(partner);
  await admin.getByLabel("允许推送岗位（导入）").check();
  await admin.getByRole("button", { name: "创建密钥" }).click();
  const secret = (await admin.locator(".api-key-secret .secret").textContent())!.trim();
  await admin.reload();
  await look(admin, "the admins' keys", { texts: [partner] });

  // The partner pushes a posting whose every text field is hostile; its page shows them as text.
  const line = {
    external_id: `inj-${tag}`,
    employer: { credit_code: creditCode(), name: pushed.orgName },
    trade: "kitchen_helper",
    title: pushed.title,
    description: pushed.description,
    requirements: pushed.requirements,
    bring: pushed.bring,
    address: pushed.address,
    location: { lng: 118.78, lat: 32.06 },
    pay_cents: 20000,
    pay_unit: "day",
    pay_terms: "daily",
    start_date: chinaDate(1),
    end_date: chinaDate(2),
    start_time: "08:00",
    shift_minutes: 480,
    headcount: 2,
  };
  const answer = await admin.request.post("/api/v1/import/postings.jsonl", {
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/jsonl" },
    data: `${JSON.stringify(line)}\n`,
  });
  expect(answer.status()).toBe(200);
  const report = await answer.json();
  expect(report.results[0].outcome, JSON.stringify(report)).toBe("created");
  await admin.goto(`/postings/${report.results[0].posting_id}`);
  await look(admin, "a pushed posting's page", {
    texts: [pushed.title, pushed.description, pushed.requirements, pushed.bring, pushed.address, pushed.orgName],
    title: pushed.title,
  });
});

test("hostile text in an invitation to apply (找人才) is shown as text to the worker and the organisation, and nothing runs", async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  const note = `${tag}邀请${TITLE_BREAK}${ATTRIBUTE_BREAK}${SQL}`.slice(0, 200);
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const look = lookWith(dialogs);
  const { worker, workerId, employer, postingId } = await findableWorkerAndVerifiedEmployer(browser, `注入邀请帮厨${tag}`);
  guard(worker, "worker");
  guard(employer, "employer");
  const csrf = (await employer.context().cookies()).find((c) => c.name === "lingong_csrf")!.value;
  const invited = await employer.request.post("/api/talent/invite", {
    headers: { "x-csrf-token": csrf },
    form: { worker_id: String(workerId), posting_id: String(postingId), note },
  });
  expect(invited.ok(), await invited.text()).toBeTruthy();
  await worker.goto("/me/invitations");
  await look(worker, "the worker's invitations", { texts: [note] });
  await employer.goto("/employer/talent");
  await look(employer, "the organisation's invitations sent", { texts: [note] });
});

test("hostile text in an agency's licence check and a client's name is shown as text, and nothing runs", async ({ browser }) => {
  test.setTimeout(150_000);
  const tag = (Math.random().toString(36) + "00000").slice(2, 7);
  const p = {
    reason: `${tag}不符${SCRIPT_BREAK}${SVG}`,
    client: `${tag}客户${ATTRIBUTE_BREAK}`.slice(0, 100),
    licence: `${tag}苏人服证字&lt;b&gt;第2024号`,
  };
  const dialogs: string[] = [];
  const guard = guardWith(dialogs);
  const look = lookWith(dialogs);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const agency = guard(await phonePage(browser, from), "agency");
  await employerWithOrganisation(agency, creditCode());
  const saveLicence = async (licence: string) => {
    await agency.goto("/me");
    await expect(agency.locator("body[data-hydrated]")).toBeAttached();
    await agency.getByLabel("人力资源服务许可证编号").fill(licence);
    await agency.getByRole("button", { name: "保存", exact: true }).click();
    await expect(agency.getByText("已保存。")).toBeVisible();
  };
  await saveLicence(p.licence);
  const staffPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staffPhone, "--role", "staff", "--scope", "city:320100", "--name", "注入许可核验员"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const staff = guard(await phonePage(browser, from), "staff");
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  await look(staff, "the staff desk's licences", { texts: [p.licence] });
  const item = staff.locator(".staff-licences .review-item", { hasText: tag });
  await item.getByLabel("不通过的原因").fill(p.reason);
  await item.getByRole("button", { name: "核验不通过", exact: true }).click();
  await expect(staff.locator(".staff-licences .review-item", { hasText: tag })).toHaveCount(0);
  await agency.goto("/me");
  await look(agency, "the agency's rejected licence", { texts: [p.reason], values: [[agency.getByLabel("人力资源服务许可证编号"), p.licence]] });

  // A corrected number, checked; then a posting for a client with a hostile name.
  await saveLicence(`${p.licence}2`);
  await staff.goto("/staff");
  await staff.locator(".staff-licences .review-item", { hasText: tag }).getByRole("button", { name: "核验通过", exact: true }).click();
  await expect(staff.locator(".staff-licences .review-item", { hasText: tag })).toHaveCount(0);
  const csrf = (await agency.context().cookies()).find((c) => c.name === "lingong_csrf")!.value;
  const saved = await agency.request.post("/api/employer/save-posting", {
    headers: { "x-csrf-token": csrf },
    data: {
      id: null,
      publish: true,
      form: {
        trade: "kitchen_helper", title: `注入代招${tag}`, description: "", requirements: "", bring: "",
        address: "鼓楼区中山路1号", location: { lng: 118.7716, lat: 32.0687 }, market: null,
        pay_cents: 20000, pay_unit: "day", start_date: chinaDate(), end_date: chinaDate(), shift_minutes: 480,
        start_time: "08:00:00", pay_terms: "daily", headcount: 2, tags: [], contact: "platform",
        client: { name: p.client, credit_code: "91320106MA1X7Q8P58" },
      },
    },
  });
  expect(saved.ok(), await saved.text()).toBeTruthy();
  const id = ((await saved.json()) as { id: number }).id;
  const reader = guard(await phonePage(browser, from), "reader");
  await reader.goto(`/postings/${id}`);
  await look(reader, "the posting for a client", { texts: [p.client] });
  await reader.locator(".fact", { hasText: "代招机构" }).getByRole("link").first().click();
  await look(reader, "the agency's storefront", { texts: [`${p.licence}2`] });
});
