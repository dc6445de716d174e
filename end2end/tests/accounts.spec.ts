import { execFileSync } from "node:child_process";
import { expect, test } from "./fixtures";

import { creditCode, expectNoAxeViolations, randomPhone, signInWithCode } from "./helpers";

test("a worker signs up with a phone and a code, edits the profile, and signs out", async ({ page }) => {
  // A malformed number is caught at once, with the field named.
  await page.goto("/login");
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await page.getByLabel("手机号").fill("12345");
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.locator("#phone-hint")).toHaveText("手机号：11位手机号");

  const phone = randomPhone("139");
  await signInWithCode(page, phone);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.locator(".signed-in-as")).toContainText(`求职者 · ${phone.slice(0, 3)}****${phone.slice(7)}`);
  await expect(page.locator(".site-header").getByRole("link", { name: "我的" })).toBeVisible();

  await page.getByLabel("姓名").fill("王师傅");
  await page.getByLabel("出生年份").fill("1968");
  await page.locator("#home-city").selectOption({ label: "南京市" });
  await page.locator("#home-district").selectOption({ label: "江宁区" });
  await page.locator(".trade-group summary", { hasText: "餐饮服务" }).click();
  await page.getByLabel("帮厨").check();
  await page.getByLabel("周末").check();
  await page.getByLabel("大龄（50岁以上）").check();
  await page.getByLabel("期望工资（元）").fill("200");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("已保存。")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("姓名")).toHaveValue("王师傅");
  await expectNoAxeViolations(page);
  await expect(page.getByLabel("帮厨")).toBeChecked();
  await expect(page.locator("#home-district")).toHaveValue("320115");

  // 上岗短信: on to begin with, turned off and on again with one tap each (plain forms).
  const texts = page.locator(".shift-texts");
  await expect(texts.locator(".note")).toContainText("会发短信到您的手机");
  await texts.getByRole("button", { name: "关闭上岗短信" }).click();
  await expect(texts.locator(".note")).toContainText("您已关闭上岗短信");
  await texts.getByRole("button", { name: "打开上岗短信" }).click();
  await expect(texts.locator(".note")).toContainText("会发短信到您的手机");

  // The data download is the owner's only.
  const download = await page.request.get("/me/data");
  expect(download.status()).toBe(200);
  const data = await download.json();
  expect(data.account.phone).toBe(phone);
  expect(data.trades).toEqual(["kitchen_helper"]);

  await page.getByRole("button", { name: "退出登录", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator(".site-header").getByRole("link", { name: "登录" })).toBeVisible();
  await page.goto("/me");
  await expect(page.getByText("请先登录。")).toBeVisible();
  expect((await page.request.get("/me/data")).status()).toBe(401);
});

test("an employer registers the organisation, sets a password and signs in with it", async ({ page }) => {
  const phone = randomPhone("137");
  await signInWithCode(page, phone, true);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.locator(".signed-in-as")).toContainText("用人单位");

  await page.getByLabel("单位名称").fill("南京测试家政服务有限公司");
  await page.getByLabel("统一社会信用代码").fill("91320100ABCDEFGH12");
  await page.locator("#org-city").selectOption({ label: "南京市" });
  await page.getByLabel("地址").fill("江宁区双龙大道1号");
  await page.getByLabel("联系人").fill("李经理");
  await page.getByLabel("联系电话（手机）").fill(phone);
  await page.getByRole("button", { name: "保存" }).click();
  // The check character is wrong: refused, said at the field (which character is wrong, never what it
  // should be), the focus there, and nothing lost from the form.
  await expect(page.locator("#credit-code-error")).toHaveText(
    "请检查：统一社会信用代码的最后一位（校验码）与前17位对不上，请对照营业执照逐位核对",
  );
  await expect(page.getByLabel("统一社会信用代码")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("统一社会信用代码")).toBeFocused();
  await expect(page.getByLabel("单位名称")).toHaveValue("南京测试家政服务有限公司");
  // Too short, or a letter codes never use: each said as such.
  await page.getByLabel("统一社会信用代码").fill("91320100ABCDEFG");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#credit-code-error")).toHaveText("请检查：统一社会信用代码应为18位");
  await page.getByLabel("统一社会信用代码").fill("91320100ABCDEFGHI2");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#credit-code-error")).toContainText("不含 I、O、Z、S、V");

  await page.getByLabel("统一社会信用代码").fill(creditCode());
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("已保存。")).toBeVisible();
  await page.reload();
  await expect(page.getByText("待审核")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("密码", { exact: true }).fill("gig-market-2026");
  await page.getByRole("button", { name: "设置密码" }).click();
  await expect(page.getByText("密码已设置。")).toBeVisible();
  await page.getByRole("button", { name: "在所有设备上退出" }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/login");
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
  await page.getByRole("link", { name: "用密码登录（用人单位、工作人员）" }).click();
  await page.getByLabel("手机号").fill(phone);
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("手机号或密码不正确");
  await page.getByLabel("密码").fill("gig-market-2026");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByLabel("单位名称")).toHaveValue("南京测试家政服务有限公司");
});

test("district staff register a walk-in worker who later claims the profile", async ({ page }) => {
  // Staff cannot sign up: an administrator makes the account with the server's command, as here.
  const staff = randomPhone("135");
  execFileSync(process.env.LINGONG_SERVER_BIN!, ["account", "--phone", staff, "--role", "staff", "--scope", "district:320106", "--name", "测试工作人员"], {
    cwd: "..",
    stdio: "pipe",
  });
  await signInWithCode(page, staff);
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.locator(".signed-in-as")).toContainText("鼓楼区");

  const walkIn = randomPhone("136");
  await page.locator("#walk-in-phone").fill(walkIn);
  await page.getByLabel("姓名").fill("赵大姐");
  await page.locator("#walk-in-city").selectOption({ label: "南京市" });
  await page.locator("#walk-in-district").selectOption({ label: "鼓楼区" });
  await page.getByRole("button", { name: "登记" }).click();
  await expect(page.getByText("已登记。")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.context().clearCookies();
  await signInWithCode(page, walkIn);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByLabel("姓名")).toHaveValue("赵大姐");
});
