// 找人才 at a phone's size: a worker agrees to be found; an organisation, once staff verify it, finds them
// by trade, district and the times they work, sees only a surname, and invites them to apply; the worker
// reads the invitation from their messages and accepts, which applies; the organisation sees the
// applicant masked; the worker turns it off and is found no more.
import { expect, test } from "@playwright/test";

import {
  creditCode,
  employerWithOrganisation,
  expectNoAxeViolations,
  ownAddress,
  phonePage,
  publishThroughApi,
  randomPhone,
  signInWithCode,
  verifyOrganisation,
} from "./helpers";

test("a worker who agreed to be found is invited by a verified organisation and applies", async ({ browser }) => {
  test.setTimeout(150_000);
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };

  // The worker: a profile, then the consent, which the page explains and records.
  const worker = await phonePage(browser, from);
  const workerPhone = randomPhone("139");
  await signInWithCode(worker, workerPhone);
  await expect(worker).toHaveURL(/\/me$/);
  await expect(worker.locator("body[data-hydrated]")).toBeAttached();
  await worker.getByLabel("姓名").fill("钱多多");
  await worker.locator("#home-city").selectOption({ label: "南京市" });
  await worker.locator("#home-district").selectOption({ label: "鼓楼区" });
  await worker.locator(".trade-group summary", { hasText: "餐饮服务" }).click();
  await worker.getByLabel("帮厨").check();
  await worker.getByLabel("周末").check();
  await worker.getByRole("button", { name: "保存", exact: true }).click();
  await expect(worker.getByText("已保存。")).toBeVisible();
  const findable = worker.locator(".findable");
  await expect(findable.locator(".findable-state")).toHaveText("未开启：用人单位搜索不到您。");
  await expect(findable).toContainText("看不到您的电话和全名");
  await findable.getByRole("button", { name: "同意并开启" }).tap();
  await expect(worker.locator(".findable .findable-state")).toContainText("已开启");
  await expectNoAxeViolations(worker);
  const mine = (await (await worker.request.get("/me/data")).json()) as { profile: { id: number } };
  const cardOf = (page: typeof worker) => page.locator(`.talent-card[data-worker="${mine.profile.id}"]`);

  // The organisation: not verified yet, the page says what to do; verified, it searches.
  const employer = await phonePage(browser, from);
  const code = creditCode();
  await employerWithOrganisation(employer, code);
  const title = `找人才帮厨${Date.now() % 100000}`;
  const postingId = await publishThroughApi(employer, title);
  await employer.goto("/employer/talent");
  await expect(employer.getByText("单位通过人社部门认证后才能使用")).toBeVisible();
  await verifyOrganisation(browser, code);
  await employer.goto("/employer");
  await employer.getByRole("link", { name: "找人才", exact: true }).tap();
  await expect(employer).toHaveURL(/\/employer\/talent$/);
  await expect(employer.locator("body[data-hydrated]")).toBeAttached();
  await employer.locator("#trade").selectOption({ label: "帮厨" });
  await expect(employer).toHaveURL(/trade=kitchen_helper/);
  await expect(employer.locator("body[data-hydrated]")).toBeAttached();
  await employer.locator("#talent-city").selectOption({ label: "南京市" });
  await employer.locator("#talent-district").selectOption({ label: "鼓楼区" });
  await employer.locator(".talent-filters").getByLabel("周末").check();
  await employer.getByRole("button", { name: "查找" }).tap();
  await expect(employer).toHaveURL(/district=320106/);
  await expect(employer).toHaveURL(/when=weekends/);
  const card = cardOf(employer);
  await expect(card.locator("h2")).toHaveText("钱师傅");
  await expect(card).toContainText("鼓楼区");
  await expect(card).toContainText("帮厨");
  await expect(employer.locator("main")).not.toContainText("钱多多");
  await expect(employer.locator("main")).not.toContainText(workerPhone);
  await expectNoAxeViolations(employer);

  await card.locator("summary", { hasText: "邀请报名" }).tap();
  await card.getByLabel("邀请报名的岗位").selectOption({ label: title });
  await card.getByLabel("给对方的话（选填）").fill("周六早上七点到，包午餐");
  await card.locator("form.invite-form").getByRole("button", { name: "邀请报名" }).tap();
  await expect(cardOf(employer)).toContainText("已邀请");
  const sent = employer.locator(".sent-invitations .invitation", { hasText: title });
  await expect(sent).toContainText("钱师傅");
  await expect(sent).toContainText("等待回复");

  // The worker hears of it, reads it and accepts: that is their application.
  await worker.goto("/messages");
  await worker.getByRole("link", { name: `南京零工测试餐饮有限公司邀请您报名“${title}”` }).tap();
  await expect(worker).toHaveURL(/\/me\/invitations$/);
  const invitation = worker.locator(".invitation", { hasText: title });
  await expect(invitation).toContainText("周六早上七点到，包午餐");
  await expect(invitation).toContainText("已认证");
  await expectNoAxeViolations(worker);
  await invitation.getByRole("button", { name: "接受并报名" }).tap();
  await expect(worker).toHaveURL(new RegExp(`/postings/${postingId}`));
  await worker.goto("/me/invitations");
  await expect(worker.locator(".invitation", { hasText: title })).toContainText("已接受并报名");

  // The organisation sees the applicant, the number masked, and the invitation answered.
  await employer.goto(`/employer/postings/${postingId}/applicants`);
  await expect(employer.locator(".applicant")).toContainText(`${workerPhone.slice(0, 3)}****${workerPhone.slice(7)}`);
  await employer.goto("/employer/talent");
  await expect(employer.locator(".sent-invitations .invitation", { hasText: title })).toContainText("已接受并报名");

  // Turned off, the worker is found no more.
  await worker.goto("/me");
  await worker.locator(".findable").getByRole("button", { name: "关闭，不再被查找" }).tap();
  await expect(worker.locator(".findable .findable-state")).toHaveText("未开启：用人单位搜索不到您。");
  await employer.goto("/employer/talent?trade=kitchen_helper&city=320100&district=320106&when=weekends");
  await expect(employer.locator(".talent-list, .empty").first()).toBeVisible();
  await expect(cardOf(employer)).toHaveCount(0);
});
