// Every browser test fails on a Content-Security-Policy violation: a blocked script or style is either an
// attack that got through the escaping, or a page of ours the policy breaks. Specs import `test` and
// `expect` from here instead of "@playwright/test".
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

/** What a page says when the policy blocks something (Chromium's console wording). */
const CSP_MESSAGE = /Content Security Policy|Refused to/;

declare global {
  interface Window {
    __cspViolations?: string[];
    __lingongCspViolation?: (text: string) => Promise<void>;
  }
}

/** The running test's violations; contexts watched during the test report here. */
let sink: string[] = [];
/** The contexts watched during the running test, to read what their pages recorded at the end. */
let contexts = new Set<BrowserContext>();
const watched = new WeakSet<BrowserContext>();

/**
 * Records every CSP violation in `context`'s pages: the console's errors, and (from inside each page) the
 * `securitypolicyviolation` events, kept in `window.__cspViolations` and sent to the test at once, so
 * that a context closed before the test ends still counts. The test fixture below watches the default
 * context; `phonePage` (helpers.ts) watches the ones it makes; call it for any other context.
 */
export async function watchCsp(context: BrowserContext): Promise<void> {
  if (watched.has(context)) return;
  watched.add(context);
  contexts.add(context);
  const violations = sink;
  const listen = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error" && CSP_MESSAGE.test(message.text())) {
        violations.push(`${page.url()}: console: ${message.text()}`);
      }
    });
  };
  context.pages().forEach(listen);
  context.on("page", listen);
  await context.exposeBinding("__lingongCspViolation", ({ page }, text: string) => {
    violations.push(`${page.url()}: securitypolicyviolation: ${text}`);
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener(
      "securitypolicyviolation",
      (e) => {
        const text = `${e.effectiveDirective} refused ${e.blockedURI || "(inline)"} at ${e.sourceFile || "?"}:${e.lineNumber}${
          e.sample ? ` «${e.sample}»` : ""
        }`;
        window.__cspViolations!.push(text);
        void window.__lingongCspViolation?.(text).catch(() => {});
      },
      true,
    );
  });
}

/** What the still open pages of the watched contexts recorded themselves (already reported, normally). */
async function recordedInPages(): Promise<string[]> {
  const found: string[] = [];
  for (const context of contexts) {
    for (const page of context.pages()) {
      // A page that is closing, or hangs, has nothing more to say.
      const recorded = await Promise.race([
        page.evaluate(() => window.__cspViolations ?? []).catch(() => [] as string[]),
        new Promise<string[]>((resolve) => setTimeout(() => resolve([]), 5_000)),
      ]);
      found.push(...recorded.map((v) => `${page.url()}: securitypolicyviolation: ${v}`));
    }
  }
  return found;
}

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({}, use) => {
      sink = [];
      contexts = new Set();
      const violations = sink;
      await use(violations);
      // Reported from inside the pages as they happened; a page's own list may hold one whose report was
      // still on its way when the test ended.
      const late = (await recordedInPages()).filter((v) => !violations.includes(v));
      const all = [...new Set([...violations, ...late])];
      expect(all, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  // The default context (and so `page`) is watched from its start.
  context: async ({ context, cspViolations }, use) => {
    void cspViolations;
    await watchCsp(context);
    await use(context);
    // Read the default context's pages before Playwright closes it.
    for (const v of await recordedInPages()) if (!cspViolations.includes(v)) cspViolations.push(v);
  },
});

export { expect };
