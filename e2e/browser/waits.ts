// playwright-core has no `expect`: these waits fail with a message naming what was awaited
// and on which page, so a failed journey says what let it down.
import type { Locator, Page } from 'playwright-core';

export const STEP_TIMEOUT_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function notSeen(what: string, timeoutMs: number, page: Page, cause?: unknown) {
  return new Error(`${what}: not seen within ${timeoutMs} ms on ${page.url()}`, { cause });
}

/** Waits until the element is visible (`attached` for visually hidden ones); returns it. */
export async function see(
  locator: Locator,
  what: string,
  {
    timeoutMs = STEP_TIMEOUT_MS,
    state = 'visible',
  }: { timeoutMs?: number; state?: 'visible' | 'attached' } = {},
): Promise<Locator> {
  try {
    await locator.waitFor({ state, timeout: timeoutMs });
    return locator;
  } catch (error) {
    throw notSeen(what, timeoutMs, locator.page(), error);
  }
}

/** Waits until the element is hidden or gone. */
export async function gone(locator: Locator, what: string, timeoutMs = STEP_TIMEOUT_MS) {
  try {
    await locator.waitFor({ state: 'hidden', timeout: timeoutMs });
  } catch (error) {
    throw notSeen(`${what} going away`, timeoutMs, locator.page(), error);
  }
}

/**
 * Polls the first element's text until it matches `pattern`; `fail` ends the wait at once
 * when it matches instead (a "Failed: …" status). Returns the text.
 */
export async function textOf(
  locator: Locator,
  pattern: RegExp,
  what: string,
  { timeoutMs = STEP_TIMEOUT_MS, fail }: { timeoutMs?: number; fail?: RegExp } = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await locator
      .first()
      .textContent({ timeout: Math.max(1, deadline - Date.now()) })
      .catch((error: unknown) => {
        throw notSeen(what, timeoutMs, locator.page(), error);
      });
    if (text !== null && pattern.test(text)) return text;
    if (text !== null && fail?.test(text))
      throw new Error(`${what}: the page says "${text.trim()}"`);
    if (Date.now() > deadline)
      throw notSeen(
        `${what} (text now: "${text?.trim().slice(0, 300)}")`,
        timeoutMs,
        locator.page(),
      );
    await sleep(250);
  }
}

/** Polls a condition until it holds. */
export async function until(
  page: Page,
  what: string,
  holds: () => Promise<boolean>,
  timeoutMs = STEP_TIMEOUT_MS,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await holds())) {
    if (Date.now() > deadline) throw notSeen(what, timeoutMs, page);
    await sleep(250);
  }
}
