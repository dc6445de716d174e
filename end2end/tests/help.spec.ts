// Graded help (困难零工帮扶) at a phone's size, from consent to placement: district staff open a case
// asking the worker online; the worker agrees on their phone; staff refer them to a gig, which the
// worker is told of; they apply and are taken on; the case shows the placement, the board's staff panel
// counts it, and staff close the case.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";

import {
  employerWithOrganisation,
  expectNoAxeViolations,
  ownAddress,
  phonePage,
  publishThroughApi,
  randomPhone,
  signInWithCode,
} from "./helpers";

test("a help case from the worker's consent to a placement", async ({ browser }) => {
  test.setTimeout(120_000);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const workerPhone = randomPhone("139");
  const worker = await phonePage(browser, from);
  await signInWithCode(worker, workerPhone);

  const staffPhone = randomPhone("135");
  execFileSync(
    process.env.LINGONG_SERVER_BIN!,
    ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:320106", "--name", "鼓楼就业援助员"],
    { cwd: "..", stdio: "pipe" },
  );
  const staff = await phonePage(browser, from);
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  const section = staff.locator(".staff-help");
  await expect(section).toContainText("须经本人同意");
  await section.locator(".new-help-case summary").click();
  await section.getByLabel("零工的手机号").fill(workerPhone);
  await section.getByRole("checkbox", { name: "大龄" }).check();
  await section.getByRole("checkbox", { name: "长期未找到活" }).check();
  await section.getByRole("radio", { name: "请本人在手机上确认（发送通知）" }).check();
  await section.getByRole("button", { name: "建档" }).click();
  await expect(staff).toHaveURL(/\/staff\/help\/\d+$/);
  const caseUrl = staff.url();
  await expect(staff.locator(".help-consent")).toContainText("等待本人在手机上确认");
  await expect(staff.locator(".add-followup")).toHaveCount(0);

  // The worker is asked, reads what is kept, and agrees.
  await worker.goto("/messages");
  await worker.locator(".message", { hasText: "就业帮扶" }).getByRole("link").tap();
  await expect(worker).toHaveURL(/\/me\/help$/);
  await expect(worker.locator(".my-help")).toContainText("可以随时撤回同意");
  await expect(worker.locator(".my-help")).toContainText("大龄");
  await expectNoAxeViolations(worker);
  await worker.getByRole("button", { name: "同意建档" }).tap();
  await expect(worker.locator(".my-help")).toContainText("正在为您提供帮扶");

  // Staff refer the worker to an open gig, by its number.
  const employer = await phonePage(browser, from);
  await employerWithOrganisation(employer);
  const title = `帮扶推荐帮厨${Date.now() % 100000}`;
  const posting = await publishThroughApi(employer, title);
  await staff.goto(caseUrl);
  await expect(staff.locator(".help-consent")).toContainText("本人同意：本人在手机上同意");
  const followUp = staff.locator(".add-followup form");
  await followUp.getByLabel("方式").selectOption({ label: "推荐（岗位、招聘会、培训）" });
  await followUp.getByLabel("推荐的岗位编号（可选）").fill(String(posting));
  await followUp.getByLabel("情况说明").fill("离家近，适合大龄");
  await followUp.getByRole("button", { name: "保存" }).click();
  await expect(staff.locator(".help-followup")).toContainText(title);
  await expect(staff.locator(".help-followup")).toContainText("离家近，适合大龄");
  await expectNoAxeViolations(staff);

  // The worker is told, opens the gig from the notice, applies, and is taken on.
  await worker.goto("/messages");
  await worker.locator(".message", { hasText: title }).getByRole("link").tap();
  await expect(worker).toHaveURL(new RegExp(`/postings/${posting}`));
  await expect(worker.locator("body[data-hydrated]")).toBeAttached();
  await worker.getByLabel("姓名", { exact: true }).fill("钱师傅");
  await worker.getByRole("button", { name: "我要报名" }).click();
  await expect(worker.getByText("报名成功！")).toBeVisible();
  await employer.goto(`/employer/postings/${posting}/applicants`);
  await employer.locator(".applicant").getByRole("button", { name: "录用", exact: true }).click();
  await expect(employer.locator(".applicant .managed-head .badge").first()).toHaveText("已录用");

  // The case shows the placement; the district's board counts open cases and this month's placements.
  await staff.goto(caseUrl);
  await expect(staff.locator(".help-placement")).toContainText(title);
  await staff.goto("/boards/district/320106");
  const panel = staff.locator(".board-staff");
  await expect(panel.locator(".open-help-cases dd")).toHaveText(/^[1-9]\d*$/);
  await expect(panel.locator(".help-placements dd")).toHaveText(/^[1-9]\d*$/);

  // Closed with its outcome; the worker's page no longer shows a current case.
  await staff.goto(caseUrl);
  await staff.locator(".close-case summary").click();
  await staff.locator(".close-case").getByLabel("结果").selectOption({ label: "已就业" });
  await staff.getByRole("button", { name: "确认结案" }).click();
  await expect(staff.locator(".help-closed")).toContainText("已结案：已就业");
  await worker.goto("/me/help");
  await expect(worker.locator(".my-help")).toContainText("您目前没有帮扶档案");
});
