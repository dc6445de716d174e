// 零工巴士 at a phone's size: the market's staff publish a run; workers take its seats on the market's
// page until it is full, one gives a seat back and another takes it; at the door staff check a rider on
// from the boarding list.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";

import {
  chinaDate,
  chinaInMinutes,
  expectNoAxeViolations,
  ownAddress,
  phonePage,
  publishBusRun,
  randomPhone,
  signInWithCode,
} from "./helpers";

const MARKET = "/markets/sq-siyang";

test("a bus run is filled exactly, a seat given back is taken again, and riders are checked on", async ({ browser }) => {
  const from = { extraHTTPHeaders: { "x-forwarded-for": ownAddress() } };
  const destination = `泗阳经济开发区纺织厂北门${Date.now() % 100000}`;
  const staffPhone = randomPhone("135");
  execFileSync(
    process.env.LINGONG_SERVER_BIN!,
    ["account", "--phone", staffPhone, "--role", "staff", "--scope", "district:321323", "--name", "泗阳市场调度员"],
    { cwd: "..", stdio: "pipe" },
  );
  const staff = await phonePage(browser, from);
  await signInWithCode(staff, staffPhone);
  // The run serves an open posting, named by its number.
  await staff.goto("/");
  const href = (await staff.locator(".posting-card .posting-title a").first().getAttribute("href"))!;
  const posting = href.match(/\/postings\/(\d+)/)![1];
  await publishBusRun(staff, { minutes: 40, destination, seats: 2, meetingPoint: "市场南门停车场", postings: posting });
  await expectNoAxeViolations(staff);

  // The market's live board lists today's runs; it follows the seats as they are taken (a run published
  // in the last 40 minutes of a China day leaves tomorrow, and is on tomorrow's board).
  const today = chinaInMinutes(40).date === chinaDate();
  const board = await phonePage(browser, from);
  await board.goto("/boards/market/sq-siyang");
  await expect(board.locator("body[data-hydrated]")).toBeAttached();
  const onBoard = board.locator(".board-bus", { hasText: destination });
  if (today) await expect(onBoard).toContainText("已约 0/2");

  // Two workers take the two seats (the first from the posting's page); the third finds the run full.
  const workers = [];
  for (const _ of [0, 1, 2]) {
    const worker = await phonePage(browser, from);
    await signInWithCode(worker, randomPhone("139"));
    workers.push(worker);
  }
  const runOn = (page: typeof staff) => page.locator(".bus-run", { hasText: destination });
  await workers[0].goto(`/postings/${posting}`);
  await expect(runOn(workers[0])).toContainText("对应岗位：");
  await runOn(workers[0]).getByRole("button", { name: "预约座位" }).click();
  await expect(runOn(workers[0]).locator(".my-seat")).toHaveText("已预约");
  await expect(workers[0]).toHaveURL(new RegExp(`/postings/${posting}`));
  for (const worker of workers.slice(1, 2)) {
    await worker.goto(MARKET);
    await expect(runOn(worker)).toContainText("上车点：市场南门停车场");
    await runOn(worker).getByRole("button", { name: "预约座位" }).click();
    await expect(runOn(worker).locator(".my-seat")).toHaveText("已预约");
  }
  if (today) await expect(onBoard).toContainText("已约 2/2");
  await workers[2].goto(MARKET);
  await expect(runOn(workers[2])).toContainText("已满");
  await expect(runOn(workers[2]).getByRole("button", { name: "预约座位" })).toHaveCount(0);
  await expectNoAxeViolations(workers[2]);

  // The first gives the seat back (asked to confirm); the third takes it.
  await workers[0].reload();
  await runOn(workers[0]).locator(".give-up summary").click();
  await runOn(workers[0]).locator(".give-up button[type=submit]").click();
  await expect(runOn(workers[0]).locator(".my-seat")).toHaveCount(0);
  await expect(runOn(workers[0])).toContainText("剩余座位 1/2");
  await workers[2].reload();
  await runOn(workers[2]).getByRole("button", { name: "预约座位" }).click();
  await expect(runOn(workers[2]).locator(".my-seat")).toHaveText("已预约");

  // At the door: the boarding list, each rider with a phone to call; one checked on.
  await staff.goto("/staff");
  await runOn(staff).getByRole("link", { name: "上车名单" }).click();
  await expect(staff.locator("h1")).toHaveText("上车名单");
  await expect(staff.locator(".rider[data-status=reserved]")).toHaveCount(2);
  await expect(staff.locator(".rider[data-status=reserved] a[href^='tel:']")).toHaveCount(2);
  await expectNoAxeViolations(staff);
  await staff.locator(".rider[data-status=reserved]").first().getByRole("button", { name: "已上车" }).click();
  await expect(staff.locator(".rider[data-status=boarded]")).toHaveCount(1);
  await expect(staff.locator(".riders-count")).toHaveText("已预约 1 人，已上车 1 人");

  // Fewer seats than riders is refused with a reason, and nothing changes.
  const seats = staff.locator("details", { has: staff.locator("input[name=seats]") });
  await seats.locator("summary").click();
  await seats.getByLabel("座位数").fill("1");
  await seats.locator("button[type=submit]").click();
  await expect(staff.getByRole("alert")).toHaveText("座位数不能少于已经预约的人数。");
  await workers[1].goto(MARKET);
  await expect(runOn(workers[1])).toContainText("已满");
});
