// Debian's Chromium driven by playwright-core: the tests never download a browser.
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * Opens one page in a fresh Chromium, runs `use` on it, and always closes the browser.
 * `args` are added to Chromium's (the container suite maps a host name to 127.0.0.1).
 */
export async function withPage<T>(
  use: (page: Page) => Promise<T>,
  args: string[] = [],
): Promise<T> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath))
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's with \`apt-get install -y chromium\` ` +
        '(or set CHROMIUM_PATH); the browser tests never download one',
    );
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...args] });
  try {
    const context = await browser.newContext({ viewport: DESKTOP });
    return await use(await context.newPage());
  } finally {
    await browser.close();
  }
}
