// Job fairs at a phone's size, from a recurring fair to the big screen: 泗阳's staff hold a fair every
// week on two weekdays (today's among them); an employer asks for a booth bringing a gig; staff approve
// it and see the employer arrive; a worker signs up and shows the pass; staff open the pass's address
// (what their camera would) and check the worker in; the market's big screen, open all along, shows the
// employer and the check-in as they happen.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";

import {
  chinaDate,
  employerWithOrganisation,
  expectNoAxeViolations,
  ownAddress,
  phonePage,
  publishThroughApi,
  randomPhone,
  signInWithCode,
} from "./helpers";

/** Today's weekday in China, 1 = Monday … 7 = Sunday. */
function chinaWeekday(offsetDays = 0): number {
  const day = new Date(`${chinaDate(offsetDays)}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

test("a recurring fair from its booths to check-ins on the big screen", async ({ browser }) => {
  test.setTimeout(150_000);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const title = `泗阳零工专场${Date.now() % 100000}`;

  const staffPhone = randomPhone("135");
  execFileSync(
    process.env.LINGONG_SERVER_BIN!,
    ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:321323", "--name", "泗阳招聘会专干"],
    { cwd: "..", stdio: "pipe" },
  );
  const staff = await phonePage(browser, from);
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  const section = staff.locator(".staff-fairs");
  await section.locator(".hold-fair summary").click();
  const form = section.locator(".hold-fair form");
  await form.getByLabel("举办市场").selectOption({ label: "泗阳县零工市场" });
  await form.getByLabel("专场").selectOption({ label: "综合" });
  await form.getByLabel("名称").fill(title);
  await form.getByLabel("日期（重复举办时为第一场）").fill(chinaDate(0));
  await form.getByLabel("展位数").fill("10");
  for (const day of [chinaWeekday(0), chinaWeekday(3)]) {
    await form.locator(`input[name="weekdays[]"][value="${day}"]`).check();
  }
  await form.getByLabel("重复到").fill(chinaDate(13));
  await form.getByRole("button", { name: "发布" }).click();
  const listed = staff.locator(".staff-fairs .fair", { hasText: title });
  await expect(listed).toHaveCount(4);
  await expect(listed.first()).toContainText("之后还有 3 场");
  await expectNoAxeViolations(staff);
  const fairUrl = (await listed.first().getByRole("link", { name: title }).getAttribute("href"))!;
  const fairId = fairUrl.split("/").pop();

  // The market's big screen, open from the start.
  const screen = await phonePage(browser, from);
  await screen.goto("/boards/market/sq-siyang?screen=1");
  await expect(screen.locator("body[data-hydrated]")).toBeAttached();
  const onScreen = screen.locator(".board-fair", { hasText: title });
  await expect(onScreen).toContainText("到场单位 0/0");

  // An employer asks for a booth bringing one of its open gigs.
  const employer = await phonePage(browser, from);
  await employerWithOrganisation(employer);
  const gig = `招聘会现场帮厨${Date.now() % 100000}`;
  await publishThroughApi(employer, gig);
  await employer.goto(fairUrl);
  const booth = employer.locator(".fair-booth");
  await booth.getByRole("checkbox", { name: gig }).check();
  await booth.getByRole("button", { name: "申请展位" }).click();
  await expect(employer.locator(".my-booth")).toHaveText("展位：等待审核");

  // Staff approve the booth and see the employer arrive: the screen follows.
  await staff.goto(`/staff/fairs/${fairId}`);
  const request = staff.locator(".fair-booth-request", { hasText: "南京零工测试餐饮有限公司" });
  await request.getByRole("button", { name: "通过", exact: true }).click();
  await staff.locator(".fair-booth-request", { hasText: "南京零工测试餐饮有限公司" }).getByRole("button", { name: "到场" }).click();
  await expect(staff.locator(".fair-booth-request").first()).toContainText("已到场");
  await expect(onScreen).toContainText("到场单位 1/1");
  await expect(onScreen).toContainText("岗位 1");

  // A worker finds the fair on the market's page, signs up and shows the pass.
  const workerPhone = randomPhone("139");
  const worker = await phonePage(browser, from);
  await signInWithCode(worker, workerPhone);
  // The gig map marks the market and its popup names its next fair: today's.
  await worker.goto("/?lng=118.7030&lat=33.7220&r=5");
  await expect(worker.locator("body")).toHaveAttribute("data-hydrated", "true");
  await worker.locator(".map-toggle").tap();
  const market = worker.locator('.gig-map .map-market[title="泗阳县零工市场"]');
  await expect(market).toHaveClass(/map-market-fair/);
  await market.dispatchEvent("click");
  await expect(worker.locator(".leaflet-popup-content")).toContainText("下一场招聘会");
  await expect(worker.locator(".leaflet-popup-content .map-next-fair")).toContainText(chinaDate(0));
  await worker.goto("/markets/sq-siyang");
  await worker.locator(".fairs .fair", { hasText: title }).first().getByRole("link", { name: title }).tap();
  await expect(worker).toHaveURL(new RegExp(`/fairs/${fairId}$`));
  await expect(worker.locator(".fair-employer")).toContainText(gig);
  await worker.getByRole("button", { name: "报名参加" }).tap();
  const pass = worker.locator(".fair-pass");
  await expect(pass.locator(".pass-qr svg")).toBeVisible();
  await expectNoAxeViolations(worker);
  const number = ((await pass.locator(".pass-number").textContent()) ?? "").replace(/[^0-9a-f]/g, "");
  expect(number).toHaveLength(16);

  // Staff's camera opens the pass's address: the desk asks to confirm, and the worker is in.
  await staff.goto(`/staff/fairs/${fairId}?pass=${number}`);
  await staff.locator(".scanned-pass").getByRole("button", { name: "确认签到" }).click();
  await expect(staff.locator(".fair-guest").first()).toContainText(workerPhone.slice(-4));
  await expect(staff.locator(".fair-counts")).toContainText("签到 1 人");
  await expect(onScreen).toContainText("签到 1 人");
  await worker.reload();
  await expect(worker.locator(".fair-pass")).toContainText("已签到");

  // A walk-in without a pass is checked in by phone number.
  const walkIn = randomPhone("139");
  const walker = await phonePage(browser, from);
  await signInWithCode(walker, walkIn);
  await staff.getByLabel("没有入场码？输入手机号").fill(walkIn);
  await staff.getByRole("button", { name: "签到", exact: true }).click();
  await expect(staff.locator(".fair-counts")).toContainText("签到 2 人");
  await expect(onScreen).toContainText("签到 2 人");
});
