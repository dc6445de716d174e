// Shared steps of the browser tests that need accounts.
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { Browser, BrowserContextOptions, expect, Page, test } from "@playwright/test";

import { watchCsp } from "./fixtures";

const root = resolve(__dirname, "../..");
const serverBin = process.env.LINGONG_SERVER_BIN ?? "./target/debug/server";

// Sign-in codes reach the tests through the server's file SMS gateway (playwright.config.ts).
const outbox = process.env.LINGONG_SMS_OUTBOX!;

export async function expectNoAxeViolations(page: Page) {
  // Contrast is judged on what stays on the screen, not halfway through an item's fade-in (a live board
  // redraws its feed whenever another test publishes).
  await page.emulateMedia({ reducedMotion: "reduce" });
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

export function randomPhone(prefix: string): string {
  return prefix + String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
}

export async function codeFor(phone: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(() => {
      const lines = readFileSync(outbox, { encoding: "utf8", flag: "a+" }).trim().split("\n");
      code = lines
        .filter((l) => l)
        .map((l) => JSON.parse(l))
        .reverse()
        .find((m) => m.phone === phone)?.code;
      return code;
    })
    .toBeTruthy();
  return code!;
}

/** A valid unified social credit code (GB 32100-2015) that no other test run will have used. */
export function creditCode(): string {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  let body = "913201";
  while (body.length < 17) body += alphabet[Math.floor(Math.random() * 10)];
  let total = 0;
  for (let i = 0; i < 17; i++) total += alphabet.indexOf(body[i]) * (3 ** i % 31);
  return body + alphabet[(31 - (total % 31)) % 31];
}

export async function signInWithCode(page: Page, phone: string, employer = false) {
  await page.goto("/login");
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await page.getByLabel("手机号").fill(phone);
  if (employer) await page.getByLabel("我要招人（用人单位）").check();
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByText(/验证码已发送到 1\d\d\*\*\*\*\d{4}/)).toBeVisible();
  await page.getByLabel("短信验证码").fill(await codeFor(phone));
  await page.getByRole("button", { name: "登录", exact: true }).click();
  // Signing in loads the next page afresh: wait until it is hydrated, or what a test types next may be
  // replaced by the form's initial state when the Wasm arrives (the flaky worker sign-up of session 3).
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
}

/** A documentation address (RFC 5737, TEST-NET-3) for a test's own people; see `acceptedForShiftNow`. */
export function ownAddress(): string {
  return `203.0.113.${1 + Math.floor(Math.random() * 254)}`;
}

/** The current half hour in China Standard Time ("19:30:00"): a shift starting then is on now. */
export function chinaHalfHour(): string {
  const [h, m] = new Date()
    .toLocaleTimeString("en-GB", { timeZone: "Asia/Shanghai", hourCycle: "h23" })
    .split(":")
    .map(Number);
  return `${String(h).padStart(2, "0")}:${m < 30 ? "00" : "30"}:00`;
}

/** Today in China Standard Time, as a date input wants it. */
export function chinaDate(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return d.toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
}

/** The China Standard Time date and minute `minutes` from now, as date and time inputs want them. */
export function chinaInMinutes(minutes: number): { date: string; time: string } {
  const at = new Date(Date.now() + minutes * 60_000);
  return {
    date: at.toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" }),
    time: at.toLocaleTimeString("en-GB", { timeZone: "Asia/Shanghai", hourCycle: "h23" }).slice(0, 5),
  };
}

/** Publishes a 零工巴士 run from the staff desk of `staff` (signed in, with one market in scope). */
export async function publishBusRun(
  staff: Page,
  run: { minutes: number; destination: string; seats: number; meetingPoint?: string; note?: string; postings?: string },
) {
  const { date, time } = chinaInMinutes(run.minutes);
  await staff.goto("/staff");
  const form = staff.locator(".publish-bus");
  await form.locator("summary").click();
  await form.getByLabel("日期").fill(date);
  await form.getByLabel("发车时间").fill(time);
  await form.getByLabel("目的地（单位名称和地址）").fill(run.destination);
  if (run.meetingPoint) await form.getByLabel("上车点（可选）").fill(run.meetingPoint);
  await form.getByLabel("座位数").fill(String(run.seats));
  if (run.note) await form.getByLabel("备注（可选）").fill(run.note);
  if (run.postings) await form.getByLabel("对应岗位编号（可选）").fill(run.postings);
  await form.getByRole("button", { name: "发布" }).click();
  await expect(staff.locator(".staff-buses .bus-run", { hasText: run.destination })).toBeVisible();
}

export async function phonePage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    hasTouch: true,
    isMobile: true,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    baseURL: test.info().project.use.baseURL,
    extraHTTPHeaders: test.info().project.use.extraHTTPHeaders,
    ...options,
  });
  await watchCsp(context);
  return context.newPage();
}

/**
 * Holds the page's Wasm (and a lazy page's pieces) back until the returned function is called. Needs a
 * context with `serviceWorkers: "block"`: `page.route` cannot see what the site's service worker answers.
 */
export async function holdWasm(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/pkg\/.*\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Signs a new employer in and registers the organisation; returns the employer's (and contact's) phone. */
export async function employerWithOrganisation(page: Page, code = creditCode()): Promise<string> {
  const phone = randomPhone("137");
  await signInWithCode(page, phone, true);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.locator(".signed-in-as")).toContainText("用人单位");
  // Typed before hydration, the values would be replaced by the form's initial (empty) state.
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await page.getByLabel("单位名称").fill("南京零工测试餐饮有限公司");
  await page.getByLabel("统一社会信用代码").fill(code);
  await page.locator("#org-city").selectOption({ label: "南京市" });
  await page.getByLabel("地址").fill("鼓楼区中山路1号");
  await page.getByLabel("联系人").fill("陈经理");
  await page.getByLabel("联系电话（手机）").fill(phone);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("已保存。")).toBeVisible();
  return phone;
}

/**
 * The rest of the posting editor once the trade, the title and the place are chosen: the street address,
 * ¥220 a day from today to tomorrow, 8 hours a day, 2 people; then publishes and waits for the notice.
 */
export async function fillTermsAndPublish(page: Page, address = "中山路1号后门", days: [number, number] = [0, 1]) {
  await page.getByLabel("工作地点（街道门牌）").fill(address);
  await page.getByLabel("工资（元）").fill("220");
  await page.getByLabel("开始日期").fill(chinaDate(days[0]));
  await page.getByLabel("结束日期").fill(chinaDate(days[1]));
  await page.getByLabel("每天工作时长（小时）").fill("8");
  await page.getByLabel("招聘人数").fill("2");
  await page.getByRole("button", { name: "发布岗位" }).click();
  await expect(page.getByText("岗位已发布，求职者现在可以搜到。")).toBeVisible();
}

/**
 * Publishes a kitchen-helper posting in 鼓楼 through the API, as the signed-in employer of `page` (on
 * whichever instance its base URL names); returns the posting's id.
 */
export async function publishThroughApi(
  page: Page,
  title: string,
  contact = "platform",
  startTime = "08:00:00",
  bring = "",
): Promise<number> {
  const csrf = (await page.context().cookies()).find((c) => c.name === "lingong_csrf")!.value;
  const response = await page.request.post("/api/employer/save-posting", {
    headers: { "x-csrf-token": csrf },
    data: {
      id: null,
      publish: true,
      form: {
        trade: "kitchen_helper",
        title,
        description: "",
        requirements: "",
        bring,
        address: "鼓楼区中山路1号",
        location: { lng: 118.7716, lat: 32.0687 },
        market: null,
        pay_cents: 20000,
        pay_unit: "day",
        start_date: chinaDate(),
        end_date: chinaDate(),
        shift_minutes: 480,
        start_time: startTime,
        pay_terms: "daily",
        headcount: 2,
        tags: [],
        contact,
      },
    },
  });
  expect(response.ok(), await response.text()).toBeTruthy();
  return ((await response.json()) as { id: number }).id;
}

/** An employer with a shift on right now, a worker accepted for it; both pages, and the posting. */
export async function acceptedForShiftNow(browser: Browser, title: string, bring = "") {
  // The test's people come from an address of their own: the suite's shared one would soon reach the
  // per-address limit of sign-in codes.
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const employer = await phonePage(browser, from);
  const worker = await phonePage(browser, from);
  await employerWithOrganisation(employer);
  const id = await publishThroughApi(employer, title, "phone", chinaHalfHour(), bring);
  await signInWithCode(worker, randomPhone("139"));
  await worker.goto(`/postings/${id}`);
  await expect(worker.locator("body[data-hydrated]")).toBeAttached();
  await worker.getByLabel("姓名", { exact: true }).fill("周师傅");
  await worker.getByRole("button", { name: "我要报名" }).click();
  await expect(worker.getByText("报名成功！")).toBeVisible();
  await employer.goto(`/employer/postings/${id}/applicants`);
  await employer.locator(".applicant").getByRole("button", { name: "录用", exact: true }).click();
  await expect(employer.locator(".applicant .managed-head .badge").first()).toHaveText("已录用");
  return { employer, worker, id };
}

/** The code the employer's check-in screen shows now. */
export async function codeOnScreen(employer: Page, id: number): Promise<string> {
  await employer.goto(`/employer/postings/${id}/check-in`);
  const digits = employer.locator(".check-in-digits");
  await expect(digits).toHaveText(/^\d{6}$/);
  return (await digits.textContent())!;
}

/**
 * Starts another server instance on `port`, against the same database as the one Playwright starts, with
 * `env` added to the environment; resolves once it answers.
 */
export async function startInstance(port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const server = spawn(serverBin, ["serve", "--addr", `127.0.0.1:${port}`], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`second instance exited with ${server.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill("SIGKILL");
  throw new Error(`second instance on ${port} did not start`);
}

/** Stops an instance, failing if it does not stop within 10 s of SIGTERM. */
export async function stopInstance(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = once(server, "exit");
  server.kill("SIGTERM");
  // A graceful stop ends the live streams at once; it must not wait for them.
  const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
  if (!stopped) {
    server.kill("SIGKILL");
    throw new Error("the server did not stop within 10 s of SIGTERM with live streams open");
  }
}

/**
 * Proposes a training course in 鼓楼 from the signed-in organisation's employer page, teaching 电工,
 * from today for ten days, and waits until it is listed as awaiting review.
 */
export async function proposeCourse(
  page: Page,
  course: { title: string; capacity: number; address?: string; schedule?: string; description?: string; partner?: [string, number] },
) {
  await page.goto("/employer");
  const section = page.locator(".organisation-courses");
  await section.locator(".propose-course summary").click();
  const form = section.locator(".propose-course form");
  await form.getByLabel("课程名称").fill(course.title);
  await form.getByLabel("工种").selectOption("electrician");
  await form.getByLabel("上课地点所在区县").selectOption("320106");
  await form.getByLabel("上课地址").fill(course.address ?? "鼓楼区中山路8号三楼");
  await form.getByLabel("开课日期").fill(chinaDate(0));
  await form.getByLabel("结课日期").fill(chinaDate(9));
  await form.getByLabel("上课时间").fill(course.schedule ?? "每周一至周五 9:00–16:00");
  await form.getByLabel("总学时").fill("80");
  await form.getByLabel("名额").fill(String(course.capacity));
  await form.getByLabel("可申请培训补贴").check();
  if (course.partner) {
    await form.getByLabel("合作企业的统一社会信用代码").fill(course.partner[0]);
    await form.getByLabel("承诺录用人数").fill(String(course.partner[1]));
  }
  if (course.description) await form.getByLabel("课程介绍（可选）").fill(course.description);
  await form.getByRole("button", { name: "提交审核" }).click();
  await expect(page.locator(".organisation-courses .course", { hasText: course.title })).toContainText("待审核");
}

/** Has city staff of 南京 verify the organisation with this credit code at the desk (找人才 needs it). */
export async function verifyOrganisation(browser: Browser, code: string) {
  const staffPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staffPhone, "--role", "staff", "--scope", "city:320100", "--name", "南京认证专员"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const staff = await phonePage(browser, { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } });
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  const item = staff.locator(".review-item", { hasText: code });
  await item.getByRole("button", { name: "通过", exact: true }).click();
  await expect(staff.locator(".review-item", { hasText: code })).toHaveCount(0);
  await staff.close();
}

/**
 * A worker who agreed to be found (找人才), and a verified organisation with an open posting titled
 * `title`: both pages, the worker's phone and id, and the posting's id.
 */
export async function findableWorkerAndVerifiedEmployer(browser: Browser, title: string) {
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const worker = await phonePage(browser, from);
  const workerPhone = randomPhone("139");
  await signInWithCode(worker, workerPhone);
  const csrf = (await worker.context().cookies()).find((c) => c.name === "lingong_csrf")!.value;
  const consent = await worker.request.post("/api/talent/consent/save", {
    headers: { "x-csrf-token": csrf },
    form: { findable: "true" },
  });
  expect(consent.ok(), await consent.text()).toBeTruthy();
  const mine = (await (await worker.request.get("/me/data")).json()) as { profile: { id: number } };
  const employer = await phonePage(browser, from);
  const code = creditCode();
  await employerWithOrganisation(employer, code);
  const postingId = await publishThroughApi(employer, title);
  await verifyOrganisation(browser, code);
  return { worker, workerPhone, workerId: mine.profile.id, employer, postingId };
}
