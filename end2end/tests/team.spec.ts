// An organisation's team at a phone's size: the owner invites a colleague by phone number, the
// colleague signs in and accepts, manages the organisation's postings, and the owner removes them.
import { expect, test } from "@playwright/test";

import {
  employerWithOrganisation,
  expectNoAxeViolations,
  ownAddress,
  phonePage,
  randomPhone,
  signInWithCode,
} from "./helpers";

test("an owner invites a colleague, who joins, manages the postings, and is removed", async ({ browser }) => {
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const owner = await phonePage(browser, from);
  await employerWithOrganisation(owner);
  await owner.goto("/me");
  const team = owner.locator(".team");
  await expect(team.locator("h2")).toHaveText("单位成员");
  await expect(team.locator(".team-member")).toHaveCount(1);
  await expect(team.locator(".team-member")).toContainText("管理员");
  await expect(team.locator(".team-member")).toContainText("（我）");

  const colleaguePhone = randomPhone("136");
  await team.getByLabel("同事的手机号").fill(colleaguePhone);
  await team.getByLabel("身份").selectOption({ label: "成员" });
  await team.getByRole("button", { name: "发送邀请" }).tap();
  // The page comes back with the invitation waiting, the number in full for its owner.
  await expect(owner.locator(".team-invitation")).toContainText(colleaguePhone);
  await expect(owner.locator(".team-invitation")).toContainText("成员");
  await expectNoAxeViolations(owner);

  // The colleague signs in as an employer and finds the invitation on their account page.
  const colleague = await phonePage(browser, from);
  await signInWithCode(colleague, colleaguePhone, true);
  await colleague.goto("/me");
  const received = colleague.locator(".team-received");
  await expect(received).toContainText("南京零工测试餐饮有限公司");
  await expect(received).toContainText("成员");
  await expectNoAxeViolations(colleague);
  await received.getByRole("button", { name: "接受并加入" }).tap();
  await expect(colleague).toHaveURL(/\/employer$/);
  // As a member: the organisation's postings page, and the team with the owner's number masked.
  await expect(colleague.getByRole("link", { name: "发布新岗位" }).first()).toBeVisible();
  await colleague.goto("/me");
  await expect(colleague.locator(".team .team-member")).toHaveCount(2);
  await expect(colleague.locator(".team")).not.toContainText("发送邀请");
  await expect(colleague.locator(".team .team-member").first()).toContainText("****");

  // The owner sees the colleague by number, and removes them.
  await owner.goto("/me");
  const member = owner.locator(".team-member", { hasText: colleaguePhone });
  await expect(member).toContainText("成员");
  await member.locator("summary", { hasText: "移除" }).tap();
  await member.getByRole("button", { name: "移除" }).tap();
  await expect(owner.locator(".team-member", { hasText: colleaguePhone })).toHaveCount(0);
  await expect(owner.locator(".team-member")).toHaveCount(1);

  // The last owner cannot leave: the page says why.
  const self = owner.locator(".team-member", { hasText: "（我）" });
  await self.locator("summary", { hasText: "退出单位" }).tap();
  await self.getByRole("button", { name: "退出单位" }).tap();
  await expect(owner.getByText("单位至少要有一位管理员")).toBeVisible();

  // Removed, the colleague manages nothing of the organisation's any more.
  await colleague.goto("/me");
  await expect(colleague.locator(".team")).toHaveCount(0);
  await expect(colleague.getByLabel("统一社会信用代码")).toHaveValue("");
});
