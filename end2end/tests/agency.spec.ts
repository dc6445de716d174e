// A human-resources service agency at a phone's size: it gives its licence number; staff check it at the
// desk; it posts for a client employer from the editor; the posting names the client and links the
// agency's storefront, which lists the posting, the licence and where it recruits.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { expect, test } from "@playwright/test";

import {
  creditCode,
  employerWithOrganisation,
  expectNoAxeViolations,
  fillTermsAndPublish,
  ownAddress,
  phonePage,
  randomPhone,
  signInWithCode,
} from "./helpers";

const root = resolve(__dirname, "../..");

test("an agency's licence is checked, it posts for a client, and its storefront shows it", async ({ browser }) => {
  test.setTimeout(150_000);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const tag = String(Date.now() % 1_000_000).padStart(6, "0");
  const licence = `苏人社服证字〔2024〕第3201${tag}号`;

  // The agency gives its licence number with its details; it waits for staff.
  const agency = await phonePage(browser, from);
  await employerWithOrganisation(agency, creditCode());
  await agency.getByLabel("人力资源服务许可证编号").fill(` ${licence} `);
  await agency.getByRole("button", { name: "保存", exact: true }).click();
  await expect(agency.getByText("已保存。")).toBeVisible();
  await agency.reload();
  await expect(agency.locator(".licence-status")).toContainText("许可证核验中");
  await expect(agency.getByLabel("人力资源服务许可证编号")).toHaveValue(licence);

  // City staff check it at the desk.
  const staffPhone = randomPhone("135");
  execFileSync(process.env.LINGONG_SERVER_BIN!, ["account", "--phone", staffPhone, "--role", "staff", "--scope", "city:320100", "--name", "南京许可核验员"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const staff = await phonePage(browser, from);
  await signInWithCode(staff, staffPhone);
  await staff.goto("/staff");
  const item = staff.locator(".staff-licences .review-item", { hasText: licence });
  await expect(item).toContainText("单位待认证");
  await expectNoAxeViolations(staff);
  await item.getByRole("button", { name: "核验通过", exact: true }).click();
  await expect(staff.locator(".staff-licences .review-item", { hasText: licence })).toHaveCount(0);

  // Checked: the badge, the storefront's link, and the client's fields in the editor.
  await agency.goto("/me");
  await expect(agency.locator(".licence-status")).toContainText("许可证已核验");
  await agency.goto("/employer/new");
  await expect(agency.locator("body[data-hydrated]")).toBeAttached();
  const title = `代招分拣员${tag}`;
  await agency.getByLabel("查找工种（输入名称，如 保洁、搬运）").fill("帮厨");
  await expect(agency.getByLabel("工种", { exact: true })).toHaveValue("kitchen_helper");
  await agency.getByLabel("岗位名称").fill(title);
  await agency.getByLabel("用工单位名称").fill("南京顺丰速运有限公司");
  await agency.getByLabel("用工单位统一社会信用代码").fill("91320106MA1X7Q8P58");
  const map = agency.locator(".picker-map");
  await map.click({ position: { x: 180, y: 120 } });
  await expect(agency.locator(".location-chosen")).toContainText("已选位置");
  await map.click({ position: { x: 160, y: 140 } });
  await fillTermsAndPublish(agency);
  await expectNoAxeViolations(agency);

  // A worker reads the posting: the client first, the agency linked.
  const worker = await phonePage(browser, from);
  await agency.goto("/employer");
  const href = (await agency.locator(".managed-posting", { hasText: title }).getByRole("link", { name: title }).first().getAttribute("href"))!;
  const id = href.match(/\/postings\/(\d+)/)?.[1] ?? href.match(/\/employer\/postings\/(\d+)/)![1];
  await worker.goto(`/postings/${id}`);
  const client = worker.locator(".fact.client");
  await expect(client).toContainText("用工单位");
  await expect(client).toContainText("南京顺丰速运有限公司");
  await expect(worker.locator(".fact", { hasText: "代招机构" })).toContainText("人力资源服务机构");
  await expectNoAxeViolations(worker);
  await worker.locator(".fact", { hasText: "代招机构" }).getByRole("link", { name: "南京零工测试餐饮有限公司" }).tap();

  // The storefront: the licence, the posting, where it recruits.
  await expect(worker).toHaveURL(/\/agencies\/\d+$/);
  await expect(worker.locator("h1")).toHaveText("南京零工测试餐饮有限公司");
  await expect(worker.locator(".storefront")).toContainText(licence);
  await expect(worker.locator(".storefront")).toContainText("为 1 家用工单位招聘");
  await expect(worker.locator(".storefront .posting-list")).toContainText(title);
  await expectNoAxeViolations(worker);

  // And the list of agencies, from the footer.
  await worker.locator(".site-footer").getByRole("link", { name: "人力资源服务机构" }).tap();
  await expect(worker).toHaveURL(/\/agencies$/);
  await expect(worker.locator(".agency-list")).toContainText("南京零工测试餐饮有限公司");
  await expectNoAxeViolations(worker);
});
