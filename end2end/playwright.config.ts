import { resolve } from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The server under test is started by Playwright from the workspace root, against the database the
// test script prepared (DATABASE_URL). Chromium is Debian's: nothing is ever downloaded.
const port = Number(process.env.LINGONG_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// Sign-in codes go to this file instead of phones (the server's file SMS gateway); tests read them.
// Outside test-results/, which Playwright empties when a run starts.
const outbox = resolve(__dirname, `.sms-outbox-${port}.jsonl`);
process.env.LINGONG_SMS_OUTBOX = outbox;
// Each run comes from its own documentation address (RFC 5737), so the per-address rate limits of
// sign-in count this run only, however often the suite runs against the same database.
const clientAddress = `198.51.100.${1 + Math.floor(Math.random() * 254)}`;

export default defineConfig({
  testDir: "./tests",
  // A debug build's Wasm is several megabytes and CI has two cores shared with the server and PostgreSQL.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One browser at a time on CI: two compete with the server for the two cores and hydration can then
  // take longer than any sensible wait.
  workers: process.env.CI ? 1 : 2,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    extraHTTPHeaders: { "x-forwarded-for": clientAddress },
  },
  projects: [
    {
      // A small, cheap Android phone: the job seeker's device.
      name: "phone",
      use: {
        ...devices["Pixel 7"],
        viewport: { width: 360, height: 640 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `${process.env.LINGONG_SERVER_BIN ?? "./target/debug/server"} serve --addr 127.0.0.1:${port}`,
    cwd: "..",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      ...(process.env as Record<string, string>),
      LINGONG_SMS: `file:${outbox}`,
      LINGONG_TRUST_PROXY: "true",
    },
  },
});
