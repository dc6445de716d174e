// Training courses at a phone's size, from a proposal to a completion that adds a trade: a training
// organisation proposes an 订单培训 course with a partner employer; the district's staff approve it; a
// worker finds it by city and trade, sees the subsidy apply to them, agrees to be introduced to the
// partner and enrols; staff mark them present and record their completion with a certificate; the
// worker's profile gains the trade, and the partner is told and sees the graduate on its roster.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";

import {
  creditCode,
  employerWithOrganisation,
  expectNoAxeViolations,
  ownAddress,
  phonePage,
  proposeCourse,
  randomPhone,
  signInWithCode,
} from "./helpers";

test("a course from its proposal to a completion that adds a trade", async ({ browser }) => {
  test.setTimeout(150_000);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const title = `低压电工上岗培训${Date.now() % 100000}`;

  // The partner employer first: the provider names it by its credit code.
  const partnerCode = creditCode();
  const partner = await phonePage(browser, from);
  await employerWithOrganisation(partner, partnerCode);

  const provider = await phonePage(browser, from);
  await employerWithOrganisation(provider);
  await proposeCourse(provider, {
    title,
    capacity: 2,
    description: "理论加实操，结业参加低压电工作业证考试。",
    partner: [partnerCode, 2],
  });
  await expectNoAxeViolations(provider);

  // The district's staff approve it from the desk.
  const staffPhone = randomPhone("135");
  execFileSync(
    process.env.LINGONG_SERVER_BIN!,
    ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:320106", "--name", "鼓楼培训专干"],
    { cwd: "..", stdio: "pipe" },
  );
  const staff = await phonePage(browser, from);
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  const proposal = staff.locator(".staff-courses .course.proposed", { hasText: title });
  await expect(proposal).toContainText("订单培训");
  await proposal.getByRole("button", { name: "通过" }).click();
  await expect(staff.locator(".staff-courses .course.running", { hasText: title })).toContainText("已报名 0/2");

  // A worker finds it among 南京's 电工 courses and opens it.
  const workerPhone = randomPhone("139");
  const worker = await phonePage(browser, from);
  await signInWithCode(worker, workerPhone);
  await worker.goto("/courses");
  await worker.getByLabel("城市").selectOption({ label: "南京市" });
  await worker.getByLabel("工种").selectOption("electrician");
  await worker.getByRole("button", { name: "筛选" }).tap();
  await expect(worker).toHaveURL(/city=320100/);
  await worker.getByRole("link", { name: title }).tap();
  await expect(worker).toHaveURL(/\/courses\/\d+$/);
  const courseUrl = worker.url();
  const page = worker.locator(".course-page");
  await expect(page).toContainText("可享培训补贴");
  await expect(page.locator(".subsidy")).toContainText("您可以享受培训补贴");
  await expect(page).toContainText("剩余 2 个名额");
  await expect(page).toContainText("承诺录用 2 人");
  await expectNoAxeViolations(worker);
  await page.getByRole("checkbox", { name: /结业后把我的姓名、电话和证书编号告诉/ }).check();
  await page.getByRole("button", { name: "报名" }).tap();
  await expect(page.locator(".my-enrolment")).toContainText("已报名");
  await expect(page).toContainText("剩余 1 个名额");

  // Staff mark the learner present today, then record the completion with the certificate.
  const courseId = courseUrl.split("/").pop();
  await staff.goto(`/courses/${courseId}/roster`);
  const attendance = staff.locator("form.attendance");
  await attendance.getByRole("checkbox", { name: new RegExp(workerPhone) }).check();
  await attendance.getByRole("button", { name: "保存考勤" }).click();
  const learner = staff.locator(".learner", { hasText: workerPhone });
  await expect(learner).toContainText("到课 1 天");
  await expect(learner).toContainText("已到课");
  await expectNoAxeViolations(staff);
  await learner.getByLabel("结业证书编号").fill("js-2026-0001");
  await learner.getByRole("button", { name: "记录结业" }).click();
  await expect(staff.locator(".learner", { hasText: workerPhone })).toContainText("已结业，证书 JS-2026-0001");

  // The worker is told; the course shows their certificate; their profile has the trade.
  await worker.goto("/messages");
  await worker.locator(".message", { hasText: "恭喜结业" }).getByRole("link").tap();
  await expect(worker).toHaveURL(courseUrl);
  await expect(worker.locator(".my-enrolment")).toContainText("已结业");
  await expect(worker.locator(".my-enrolment")).toContainText("JS-2026-0001");
  await worker.goto("/me");
  await expect(worker.locator("body[data-hydrated]")).toBeAttached();
  await expect(worker.locator('input[name=trades][value="electrician"]')).toBeChecked();

  // The partner is told who completed, and sees them (only them) on the course's roster.
  await partner.goto("/messages");
  await expect(partner.locator(".message", { hasText: "有学员结业" })).toContainText(workerPhone);
  await partner.goto("/employer");
  await partner.locator(".organisation-courses .course", { hasText: title }).getByRole("link", { name: "学员名单与考勤" }).tap();
  await expect(partner.locator(".course-roster")).toContainText("只显示同意告知贵单位的结业学员");
  await expect(partner.locator(".learner")).toHaveCount(1);
  await expect(partner.locator(".learner")).toContainText(workerPhone);
  await expect(partner.locator("form.attendance")).toHaveCount(0);
});
