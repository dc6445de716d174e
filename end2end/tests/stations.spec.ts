// What a market or station says of itself, at a phone's size: its staff keep its hours, phone, services
// and amenities; a seeker finds a station by the service they need and sees what it offers. A city's
// staff publish a policy note in Markdown that every market page of the city shows, rendered and safe;
// they revise it and withdraw it.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";

import { expectNoAxeViolations, ownAddress, phonePage, randomPhone, signInWithCode } from "./helpers";

const from = () => ({ extraHTTPHeaders: { "x-forwarded-for": ownAddress() } });

function staffAccount(scope: string, name: string): string {
  const phone = randomPhone("135");
  execFileSync(process.env.LINGONG_SERVER_BIN!, ["account", "--phone", phone, "--role", "staff", "--scope", scope, "--name", name], {
    cwd: "..",
    stdio: "pipe",
  });
  return phone;
}

test("staff keep a station's services, and a seeker finds it by the service they need", async ({ browser }) => {
  const staff = await phonePage(browser, from());
  await signInWithCode(staff, staffAccount("district:320685", "海安市场管理员"));
  await staff.goto("/staff");
  const markets = staff.locator(".staff-markets");
  await expect(markets).toContainText("市场与驿站信息");
  await markets.locator(".served-market", { hasText: "海安市零工市场" }).getByRole("link", { name: "编辑服务信息" }).click();
  await expect(staff).toHaveURL(/\/staff\/markets\/ha-haian$/);
  await expect(staff.locator("body[data-hydrated]")).toBeAttached();

  // A phone without its area code is refused with the field named, and nothing changes.
  await staff.getByLabel("咨询电话").fill("88881234");
  await staff.getByRole("button", { name: "保存" }).click();
  await expect(staff.locator(".error, [role=alert]").first()).toContainText("咨询电话");

  await staff.getByLabel("开放时间").fill("周一至周六 7:00–17:00");
  await staff.getByLabel("咨询电话").fill("0513-88881234");
  await staff.getByRole("checkbox", { name: "法律援助" }).check();
  await staff.getByRole("checkbox", { name: "住宿" }).check();
  await staff.getByRole("checkbox", { name: "急救药箱" }).check();
  await staff.getByRole("button", { name: "保存" }).click();
  await expect(staff.locator(".notice")).toContainText("已保存");
  await expect(staff.getByRole("checkbox", { name: "法律援助" })).toBeChecked();
  await expect(staff.getByLabel("咨询电话")).toHaveValue("0513-88881234");
  await expectNoAxeViolations(staff);

  // A seeker looks for legal aid: the markets list narrows to those offering it.
  const seeker = await phonePage(browser, from());
  await seeker.goto("/markets");
  const filter = seeker.locator(".service-filter");
  await filter.getByRole("link", { name: "法律援助" }).tap();
  await expect(seeker).toHaveURL(/offering=legal_aid/);
  await expect(filter.locator("[aria-current=true]")).toHaveText("法律援助");
  const haian = seeker.locator(".market-card", { hasText: "海安市零工市场" });
  await expect(haian).toContainText("法律援助");
  await expect(haian).toContainText("住宿");
  for (const services of await seeker.locator(".market-card .market-services").allInnerTexts()) {
    expect(services).toContain("法律援助");
  }
  const target = await haian.getByRole("link").boundingBox();
  expect(target!.height).toBeGreaterThanOrEqual(44);
  await expectNoAxeViolations(seeker);

  // The station's page says it all, the phone a tap away.
  await haian.getByRole("link", { name: "海安市零工市场" }).tap();
  await expect(seeker).toHaveURL(/\/markets\/ha-haian$/);
  await expect(seeker.locator(".market-services")).toContainText("法律援助");
  await expect(seeker.locator(".market-amenities")).toContainText("急救药箱");
  await expect(seeker.locator(".market-amenities")).toContainText("住宿");
  await expect(seeker.locator(".facts")).toContainText("周一至周六 7:00–17:00");
  await expect(seeker.locator('a[href="tel:0513-88881234"]')).toBeVisible();
});

test("a city's policy note shows on its market pages, rendered and safe, until it is withdrawn", async ({ browser }) => {
  const title = `灵活就业社保补贴${Date.now() % 100000}`;
  const staff = await phonePage(browser, from());
  await signInWithCode(staff, staffAccount("city:320600", "南通就业政策科"));
  await staff.goto("/staff");
  const desk = staff.locator(".staff-policy");
  await desk.locator(".new-policy-note summary").click();
  const form = desk.locator(".new-policy-note form");
  await form.getByLabel("类别").selectOption({ label: "灵活就业社保" });
  await form.getByLabel("标题").fill(title);
  await form
    .getByLabel("正文")
    .fill("## 申领条件\n\n- **灵活就业**登记满 3 个月\n- 咨询电话 [12333](tel:12333)\n\n<script>window.__pwned = 1</script>");
  await form.getByRole("button", { name: "发布" }).click();
  const item = staff.locator(".policy-note-item", { hasText: title });
  await expect(item).toContainText("南通市");
  await expectNoAxeViolations(staff);

  // Every market page of the city shows it; a tap opens it; the Markdown is rendered, the script is text.
  const seeker = await phonePage(browser, from());
  for (const market of ["nt-chongchuan", "ha-haian"]) {
    await seeker.goto(`/markets/${market}`);
    const note = seeker.locator(".policy-note", { hasText: title });
    await expect(note).toContainText("灵活就业社保");
    await note.locator("summary").tap();
    await expect(note.locator(".policy-body h2")).toHaveText("申领条件");
    await expect(note.locator(".policy-body strong")).toHaveText("灵活就业");
    await expect(note.locator('.policy-body a[href="tel:12333"]')).toBeVisible();
    await expect(note.locator(".policy-body")).toContainText("<script>window.__pwned = 1</script>");
    expect(await seeker.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }
  await expectNoAxeViolations(seeker);
  // Another city's market does not.
  await seeker.goto("/markets/sq-siyang");
  await expect(seeker.locator(".policy-note", { hasText: title })).toHaveCount(0);

  // Revised: the page shows the new title.
  const revised = `${title}（修订）`;
  await item.locator("details").first().locator("summary").click();
  await item.getByLabel("标题").fill(revised);
  await item.getByRole("button", { name: "保存修改" }).click();
  const revisedItem = staff.locator(".policy-note-item", { hasText: revised });
  await expect(revisedItem).toBeVisible();
  await seeker.goto("/markets/nt-chongchuan");
  await expect(seeker.locator(".policy-note", { hasText: revised })).toBeVisible();

  // Withdrawn (asked to confirm): gone from the market pages, marked on the desk, no longer editable.
  await revisedItem.locator("details", { hasText: "撤下" }).locator("summary").click();
  await revisedItem.locator("details", { hasText: "撤下" }).getByRole("button", { name: "撤下" }).click();
  const withdrawn = staff.locator(".policy-note-item", { hasText: revised });
  await expect(withdrawn.locator(".badge")).toHaveText("已撤下");
  await expect(withdrawn.getByRole("button", { name: "保存修改" })).toHaveCount(0);
  await seeker.reload();
  await expect(seeker.locator(".policy-note", { hasText: revised })).toHaveCount(0);
});
