// A standing load test: many GETs at once over every kind of page, signed out and as each role, straight
// from Node (no browser). The server must answer every one: no dropped connection, no 5xx.
//
// LINGONG_LOAD_REQUESTS (600 on CI, 200 elsewhere) requests, LINGONG_LOAD_CONCURRENCY (32) at a time.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

import { BrowserContext } from "@playwright/test";

import { expect, test } from "./fixtures";
import { employerWithOrganisation, phonePage, publishThroughApi, randomPhone, signInWithCode } from "./helpers";

const root = resolve(__dirname, "../..");
const serverBin = process.env.LINGONG_SERVER_BIN ?? "./target/debug/server";
const requests = Number(process.env.LINGONG_LOAD_REQUESTS ?? (process.env.CI ? 600 : 200));
const concurrency = Number(process.env.LINGONG_LOAD_CONCURRENCY ?? 32);

/** The `Cookie` header of a signed-in browser context. */
async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Every distinct match of `pattern`'s first group in `html`, in order. */
function links(html: string, pattern: RegExp): string[] {
  return [...new Set([...html.matchAll(pattern)].map((m) => m[1]))];
}

interface Outcome {
  path: string;
  role: string;
  status: number | "dropped";
  ms: number;
  error?: string;
}

test("pages answer many concurrent requests, signed out and signed in, without dropping or failing one", async ({ browser }) => {
  test.setTimeout(900_000);
  const baseURL = test.info().project.use.baseURL!;
  const forwardedFor = (test.info().project.use.extraHTTPHeaders ?? {})["x-forwarded-for"];

  // Each role signs in once, through the pages; their cookies are then reused.
  const worker = await phonePage(browser);
  await signInWithCode(worker, randomPhone("139"));
  await expect(worker).toHaveURL(/\/me$/);

  const employer = await phonePage(browser);
  await employerWithOrganisation(employer);
  const ownPosting = await publishThroughApi(employer, `压力测试帮厨${Math.floor(Math.random() * 1e6)}`);

  const staffPhone = randomPhone("135");
  execFileSync(serverBin, ["account", "--phone", staffPhone, "--role", "staff", "--scope", "province", "--name", "压力测试工作人员"], {
    cwd: root,
    env: process.env,
    stdio: "pipe",
  });
  const staff = await phonePage(browser);
  await signInWithCode(staff, staffPhone);
  await expect(staff).toHaveURL(/\/staff$/);

  const roles: [string, Record<string, string>][] = [
    ["signed out", {}],
    ["worker", { cookie: await cookieHeader(worker.context()) }],
    ["employer", { cookie: await cookieHeader(employer.context()) }],
    ["staff", { cookie: await cookieHeader(staff.context()) }],
  ];
  for (const page of [worker, employer, staff]) await page.context().close();

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(new URL(path, baseURL), {
      redirect: "manual",
      headers: { ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}), ...headers },
      signal: AbortSignal.timeout(120_000),
    });
    // The whole body: a response that breaks off while streaming is a dropped one too.
    const body = await response.text();
    return { status: response.status, body };
  };

  // The pages' addresses, from the pages themselves.
  const home = await get("/");
  expect(home.status).toBe(200);
  const postings = links(home.body, /href="(\/postings\/\d+)"/g).slice(0, 5);
  expect(postings.length).toBeGreaterThan(0);
  const marketsPage = await get("/markets");
  const markets = links(marketsPage.body, /href="(\/markets\/[a-z0-9-]+)"/g).slice(0, 3);
  expect(markets.length).toBeGreaterThan(0);
  const boardsPage = await get("/boards");
  const boards = links(boardsPage.body, /href="(\/boards\/(?:province|city|market)\/[^"?]+)"/g);
  const cityBoard = boards.find((b) => b.startsWith("/boards/city/"));
  expect(cityBoard, "a city's board on /boards").toBeTruthy();
  const districts = links((await get(cityBoard!)).body, /href="(\/boards\/district\/\d+)"/g).slice(0, 3);
  expect(districts.length, `district boards on ${cityBoard}`).toBeGreaterThan(0);

  const paths = [
    "/",
    `/?q=${encodeURIComponent("帮厨")}`,
    "/?date=any&sort=pay",
    "/login",
    ...postings,
    "/markets",
    ...markets,
    "/boards",
    ...boards.filter((b) => !b.startsWith("/boards/market/")).slice(0, 2),
    ...boards.filter((b) => b.startsWith("/boards/market/")).slice(0, 1),
    ...districts,
    "/for-you",
    "/employer/new",
    "/employer",
    `/employer/postings/${ownPosting}`,
    `/employer/postings/${ownPosting}/applicants`,
    "/me",
    "/me/applications",
    "/messages",
    "/staff",
    "/staff/statistics",
    "/no/such/page",
  ];

  // Every path with every role in turn, N requests in all, C at a time.
  const outcomes: Outcome[] = [];
  let next = 0;
  const started = Date.now();
  const runner = async () => {
    for (let i = next++; i < requests; i = next++) {
      const path = paths[i % paths.length];
      const [role, headers] = roles[Math.floor(i / paths.length) % roles.length];
      const t0 = Date.now();
      try {
        const { status } = await get(path, headers);
        outcomes.push({ path, role, status, ms: Date.now() - t0 });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        outcomes.push({ path, role, status: "dropped", ms: Date.now() - t0, error: `${error}${cause ? ` (${cause})` : ""}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, runner));
  const seconds = (Date.now() - started) / 1000;

  // The summary: per path, the statuses and the slowest answers.
  const byPath = new Map<string, Outcome[]>();
  for (const o of outcomes) byPath.set(o.path, [...(byPath.get(o.path) ?? []), o]);
  const percentile = (ms: number[], q: number) => [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  const rows = [...byPath].map(([path, list]) => {
    const statuses = new Map<string, number>();
    for (const o of list) statuses.set(String(o.status), (statuses.get(String(o.status)) ?? 0) + 1);
    const ms = list.map((o) => o.ms);
    return {
      path,
      requests: list.length,
      statuses: [...statuses].map(([s, n]) => `${s}×${n}`).join(" "),
      "p50 ms": percentile(ms, 0.5),
      "p95 ms": percentile(ms, 0.95),
      "max ms": Math.max(...ms),
    };
  });
  const totals = new Map<string, number>();
  for (const o of outcomes) totals.set(String(o.status), (totals.get(String(o.status)) ?? 0) + 1);
  console.log(
    `\n${outcomes.length} requests in ${seconds.toFixed(1)} s at concurrency ${concurrency}: ` +
      `${(outcomes.length / seconds).toFixed(1)} requests/s; ` +
      [...totals].map(([s, n]) => `${s}: ${n}`).join(", "),
  );
  console.table(rows);

  const dropped = outcomes.filter((o) => o.status === "dropped");
  const failed = outcomes.filter((o) => typeof o.status === "number" && o.status >= 500);
  expect(outcomes.length).toBe(requests);
  expect(dropped.map((o) => `${o.role} ${o.path}: ${o.error}`), "dropped connections").toEqual([]);
  expect(failed.map((o) => `${o.role} ${o.path}: ${o.status}`), "server errors").toEqual([]);
  // What each page answers does not depend on the load: every path kept one status per role.
  const mixed = [...byPath].flatMap(([path, list]) =>
    roles
      .map(([role]) => [role, new Set(list.filter((o) => o.role === role).map((o) => o.status))] as const)
      .filter(([, statuses]) => statuses.size > 1)
      .map(([role, statuses]) => `${role} ${path}: ${[...statuses].join(", ")}`),
  );
  expect(mixed, "paths whose status changed under load").toEqual([]);
});
