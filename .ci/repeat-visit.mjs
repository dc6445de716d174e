// What a phone transfers on its second visit to a page (the bundles should come from its cache): every
// response's bytes over the wire, from Chromium's own network log, first visit and repeat visit.
//
//   node .ci/repeat-visit.mjs http://127.0.0.1:3000/ [more URLs…]
//
// Run from the checkout after `.ci/test` or `.ci/serve` installed end2end's packages; uses Debian's
// Chromium (CHROMIUM_PATH).
import { createRequire } from "node:module";
const require = createRequire(new URL("../end2end/package.json", import.meta.url));
const { chromium } = require("@playwright/test");

const urls = process.argv.slice(2);
if (urls.length === 0) urls.push("http://127.0.0.1:3000/");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
for (const url of urls) {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  let bytes = 0;
  const files = new Map();
  const urlOf = new Map();
  cdp.on("Network.responseReceived", (e) => urlOf.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e) => {
    bytes += e.encodedDataLength;
    const u = urlOf.get(e.requestId) ?? "?";
    files.set(u, (files.get(u) ?? 0) + e.encodedDataLength);
  });
  const visit = async (label) => {
    bytes = 0;
    files.clear();
    await page.goto(url, { waitUntil: "load" });
    // The Wasm starts when the browser is idle; wait for every island to have hydrated.
    await page.waitForSelector("body[data-hydrated]", { timeout: 60_000 }).catch(() => {});
    await page.waitForTimeout(1_000);
    console.log(`${label.padEnd(14)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${url}`);
    for (const [u, b] of [...files].sort((a, b) => b[1] - a[1]).slice(0, 6)) {
      console.log(`    ${(b / 1024).toFixed(1).padStart(8)} KiB  ${u}`);
    }
  };
  await visit("first visit");
  await visit("repeat visit");
  await context.close();
}
await browser.close();
