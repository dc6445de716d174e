// The shift after the match, at a phone's size: checking in by the employer's rotating code (the QR's
// link) and out by typing it, the hours, a payment recorded and confirmed; and an unpaid shift taken to
// the district's staff, who decide it with the whole timeline in front of them; a no-show appealed
// and upheld.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";

import {
  acceptedForShiftNow,
  codeOnScreen,
  expectNoAxeViolations,
  ownAddress,
  phonePage,
  randomPhone,
  signInWithCode,
} from "./helpers";

test("a shift from the QR check-in to the pay confirmed", async ({ browser }) => {
  const title = `签到测试帮厨${Date.now() % 100000}`;
  const { employer, worker, id } = await acceptedForShiftNow(browser, title);

  // The employer's phone on site: a QR code, the same six digits, who has arrived.
  await employer.goto(`/employer/postings/${id}/applicants`);
  await employer.getByRole("link", { name: "现场签到码" }).click();
  await expect(employer.locator(".check-in-qr svg")).toBeVisible();
  await expect(employer.locator(".check-in-arrivals")).toHaveText("今天已到岗 0 / 1 人");
  await expectNoAxeViolations(employer);
  const code = await codeOnScreen(employer, id);

  // The worker's camera opens the QR's link: the code is filled in, one tap checks in.
  await worker.goto(`/check-in/${id}?code=${code}`);
  await expect(worker.locator("h2")).toHaveText(title);
  await expect(worker.getByLabel("现场签到码（雇主手机上的6位数字）")).toHaveValue(code);
  await expectNoAxeViolations(worker);
  await worker.getByRole("button", { name: "签到", exact: true }).click();
  await expect(worker).toHaveURL(/\/me\/applications#application-\d+$/);
  const mine = worker.locator(".managed-posting", { hasText: title });
  await expect(mine.locator(".managed-head .badge")).toHaveText("已到岗");
  await expect(mine.locator(".shift-day")).toContainText("到岗");
  await expect(mine.locator(".shift-day")).toContainText("扫码");
  await expect(mine.locator(".agreed-pay")).toContainText("约定工资：200 元/天");
  // The screen keeps itself current: the next code (and the arrivals) without a reload.
  await expect(employer.locator(".check-in-arrivals")).toHaveText("今天已到岗 1 / 1 人", { timeout: 35_000 });
  await expect(employer.locator(".check-in-digits")).not.toHaveText(code, { timeout: 35_000 });

  // A wrong code says so, at once; the right one, typed, checks out.
  const clockOut = mine.locator(".clock-form");
  await clockOut.getByLabel("现场签到码（雇主手机上的6位数字）").fill("000000");
  await clockOut.getByRole("button", { name: "签退" }).click();
  await expect(worker.getByText("签到码不对或已过期，请看雇主手机上最新的6位数字。")).toBeVisible();
  const fresh = await codeOnScreen(employer, id);
  await worker.goto("/me/applications");
  await mine.locator(".clock-form").getByLabel("现场签到码（雇主手机上的6位数字）").fill(fresh);
  await mine.locator(".clock-form").getByRole("button", { name: "签退" }).click();
  await expect(mine.locator(".shift-day")).toContainText("离开");
  await expect(mine.locator(".shift-total")).toContainText("共出勤1天");
  await expectNoAxeViolations(worker);

  // The employer corrects the hours and records the pay; the worker sees both and confirms.
  await employer.goto(`/employer/postings/${id}/applicants`);
  const panel = employer.locator(".employer-shift");
  const correction = panel.locator("details", { has: employer.locator("input[name=hours]") });
  await correction.locator("summary").click();
  await correction.getByLabel("实际工时（小时，半小时为单位）").fill("8");
  await correction.getByLabel("修改原因（工人可见）").fill("按一整天算");
  await correction.locator("button[type=submit]").click();
  await expect(employer.locator(".employer-shift .correction")).toHaveText("雇主改为8小时：按一整天算");
  const payment = panel.locator("details", { has: employer.locator("input[name=amount]") });
  await payment.locator("summary").click();
  await payment.getByLabel("金额（元）").fill("200");
  await payment.getByLabel("付款方式").selectOption({ label: "微信" });
  await payment.locator("button[type=submit]").click();
  await expect(employer.locator(".employer-shift .payment")).toContainText("200元 · 微信");
  await expect(employer.locator(".employer-shift .payment .badge")).toHaveText("待工人确认");
  await expectNoAxeViolations(employer);

  await worker.goto("/me/applications");
  await expect(mine.locator(".correction")).toHaveText("雇主改为8小时：按一整天算");
  await expect(mine.locator(".shift-total")).toContainText("按约定约应得 200元");
  await mine.getByRole("button", { name: "确认收到" }).click();
  await expect(mine.locator(".payment .badge")).toHaveText("已确认收到");
  // Paid and confirmed: nothing to take to staff.
  await expect(mine.locator(".ask-for-help")).toHaveCount(0);
  await employer.goto("/messages");
  await expect(employer.locator(".message-list")).toContainText(`工人已确认收到“${title}”的工资`);

  // Messages about the place: the worker writes from 我的报名; the employer, its phone private or
  // not, reads it on the applicant's card and answers; the answer arrives on the worker's open page.
  await worker.goto("/me/applications");
  await mine.getByRole("link", { name: "留言" }).click();
  await expect(worker.locator("h1")).toHaveText("与 南京零工测试餐饮有限公司 的留言");
  await expect(worker.locator("body[data-hydrated]")).toBeAttached();
  await worker.getByLabel("写留言").fill("明天还是这个门进吗？");
  await worker.getByRole("button", { name: "发送" }).click();
  await expect(worker.locator(".thread-message.mine .thread-body")).toHaveText("明天还是这个门进吗？");
  await employer.goto(`/employer/postings/${id}/applicants`);
  await employer.locator(".applicant").getByRole("link", { name: "留言" }).click();
  await expect(employer.locator(".thread-message:not(.mine) .thread-body")).toHaveText("明天还是这个门进吗？");
  await employer.getByLabel("写留言").fill("对，走后门，找陈经理");
  await employer.getByRole("button", { name: "发送" }).click();
  await expect(worker.locator(".thread-message:not(.mine) .thread-body")).toHaveText("对，走后门，找陈经理", {
    timeout: 10_000,
  });
  await expectNoAxeViolations(worker);
  await expectNoAxeViolations(employer);

  // Ratings both ways, hidden from the other side until both have rated.
  await worker.goto("/me/applications");
  await mine.locator(".rate summary").click();
  await mine.getByLabel("5星", { exact: true }).check();
  await mine.getByLabel("按时结算").check();
  await mine.getByRole("button", { name: "提交评价" }).click();
  await expect(mine.locator(".rating-given")).toContainText("★★★★★ 按时结算");
  await employer.goto(`/employer/postings/${id}/applicants`);
  await expect(employer.locator(".rating-box")).toContainText("对方已评价");
  await employer.locator(".rate summary").click();
  await employer.getByLabel("4星", { exact: true }).check();
  await employer.getByLabel("准时").check();
  await employer.getByRole("button", { name: "提交评价" }).click();
  await expect(employer.locator(".rating-received")).toContainText("★★★★★ 按时结算");
  await expectNoAxeViolations(employer);
  await worker.goto("/me/applications");
  await expect(mine.locator(".rating-received")).toContainText("★★★★☆ 准时");
});

test("an unpaid shift goes to the district's staff, who decide it", async ({ browser }) => {
  const title = `欠薪测试帮厨${Date.now() % 100000}`;
  const { employer, worker, id } = await acceptedForShiftNow(browser, title);
  const code = await codeOnScreen(employer, id);
  await worker.goto("/me/applications");
  const mine = worker.locator(".managed-posting", { hasText: title });
  await mine.locator(".clock-form").getByLabel("现场签到码（雇主手机上的6位数字）").fill(code);
  await mine.locator(".clock-form").getByRole("button", { name: "签到" }).click();
  await expect(mine.locator(".managed-head .badge")).toHaveText("已到岗");

  // Half the pay, recorded as if in full: the worker disputes it, then asks staff for help.
  await employer.goto(`/employer/postings/${id}/applicants`);
  const payment = employer.locator(".employer-shift details", { has: employer.locator("input[name=amount]") });
  await payment.locator("summary").click();
  await payment.getByLabel("金额（元）").fill("100");
  await payment.locator("button[type=submit]").click();
  await expect(employer.locator(".employer-shift .payment")).toContainText("100元 · 现金");
  await worker.goto("/me/applications");
  await mine.locator(".payment details summary").click();
  await mine.getByLabel("哪里不对？（必填）").fill("说好200元，只给了100元");
  await mine.getByRole("button", { name: "提交异议" }).click();
  await expect(mine.locator(".payment .badge")).toHaveText("有异议");
  await mine.locator(".ask-for-help summary").click();
  await mine.getByLabel("情况说明（可选）").fill("老板说下个月再补，电话不接");
  await mine.getByRole("button", { name: "提交给工作人员" }).click();
  await expect(mine.locator(".ask-for-help")).toHaveCount(0);
  await expect(mine.getByText("欠薪投诉：处理中")).toBeVisible();

  // The district's staff: the case on the desk and on the board, the whole timeline, the decision.
  const staffPhone = randomPhone("135");
  execFileSync(
    process.env.LINGONG_SERVER_BIN!,
    ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:320106", "--name", "劳动保障监察员"],
    { cwd: "..", stdio: "pipe" },
  );
  const staff = await phonePage(browser, { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } });
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  const item = staff.locator(".wage-cases .review-item", { hasText: title });
  await expect(item).toContainText("工人投诉");
  await expect(item.locator(".badge")).toHaveText("处理中");
  await item.getByRole("link", { name: "查看" }).click();
  await expect(staff.locator("h1")).toContainText(title);
  await expect(staff.locator(".prose")).toHaveText("老板说下个月再补，电话不接");
  const timeline = staff.locator(".timeline li");
  await expect(timeline.locator("strong")).toHaveText([
    "报名",
    "录用",
    "签到",
    "到岗",
    "雇主登记付款",
    "工人提出异议",
    "欠薪投诉",
  ]);
  await expect(staff.locator(".timeline")).toContainText("说好200元，只给了100元");
  await expect(staff.getByRole("link", { name: /^1\d{10}$/ }).first()).toBeVisible();
  await expectNoAxeViolations(staff);
  await staff.getByLabel("处理说明（双方可见）").fill("已约谈用人单位，责令三日内补发100元");
  await staff.getByRole("button", { name: "欠薪属实" }).click();
  await expect(staff.locator(".badge.wage-case-upheld")).toHaveText("欠薪属实");
  await expect(staff.locator(".timeline li").last()).toContainText("处理：欠薪属实");

  // Both sides hear the decision.
  await worker.goto("/messages");
  await expect(worker.locator(".message-list")).toContainText(
    `“${title}”的欠薪投诉有了处理结果：已约谈用人单位，责令三日内补发100元`,
  );
  await worker.goto("/me/applications");
  await expect(mine.getByText("欠薪投诉：欠薪属实")).toBeVisible();
});

test("a worker recorded as not coming appeals, and staff uphold it", async ({ browser }) => {
  const title = `缺勤申诉帮厨${Date.now() % 100000}`;
  const { employer, worker, id } = await acceptedForShiftNow(browser, title);
  // The employer records that the worker did not come.
  const applicant = employer.locator(".applicant");
  await applicant.getByRole("button", { name: "未到岗", exact: true }).click();
  await expect(applicant.locator(".managed-head .badge").first()).toHaveText("未到岗");
  await expect(applicant).toContainText("未到岗1次");

  // The worker appeals from 我的报名, once.
  await worker.goto("/me/applications");
  const mine = worker.locator(".managed-posting", { hasText: title });
  await mine.locator(".no-show-appeal summary").click();
  await expect(mine.locator(".no-show-appeal .note")).toContainText("30天内");
  await mine.getByLabel("申诉理由").fill("我七点半就到了，老板说人够了让我走");
  await mine.getByRole("button", { name: "提交申诉" }).click();
  await expect(mine.locator(".no-show-appeal-state .badge")).toHaveText("未到岗申诉处理中");
  await expect(mine.locator(".no-show-appeal")).toHaveCount(0);
  await expectNoAxeViolations(worker);

  // The employer hears of it and sees it on the applicant.
  await employer.goto("/messages");
  await expect(employer.locator(".message-list")).toContainText(
    `工人对“${title}”的未到岗记录提出申诉：我七点半就到了，老板说人够了让我走`,
  );
  await employer.goto(`/employer/postings/${id}/applicants`);
  await expect(employer.locator(".employer-shift .no-show-appeal-state")).toContainText("我七点半就到了");

  // The district's staff call both sides and uphold it.
  const staffPhone = randomPhone("135");
  execFileSync(
    process.env.LINGONG_SERVER_BIN!,
    ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:320106", "--name", "缺勤申诉处理员"],
    { cwd: "..", stdio: "pipe" },
  );
  const staff = await phonePage(browser, { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } });
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  const item = staff.locator(".no-show-appeals .review-item", { hasText: title });
  await expect(item).toContainText("我七点半就到了，老板说人够了让我走");
  await expect(item.locator("a[href^='tel:']")).toHaveCount(2);
  await expectNoAxeViolations(staff);
  await item.getByRole("button", { name: "申诉成立，不计入到岗率" }).click();
  await expect(staff.locator(".no-show-appeals .review-item", { hasText: title })).toHaveCount(0);

  // Both sides hear it; the no-show leaves the worker's record.
  await worker.goto("/messages");
  await expect(worker.locator(".message-list")).toContainText(`“${title}”的未到岗申诉成立，不计入出勤记录`);
  await worker.goto("/me/applications");
  await expect(mine.locator(".no-show-appeal-state .badge")).toHaveText("未到岗申诉成立，不计入到岗率");
  await employer.reload();
  await expect(applicant).toContainText("未到岗0次");
});
