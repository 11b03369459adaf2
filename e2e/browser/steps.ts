// What both browser journeys (journey.ts, admin-journey.ts) share: screenshots with the
// accessibility check, the page's own problems failing a step, and named steps that say
// which one let the journey down.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { checkBothThemes } from './accessibility.js';

export interface Camera {
  /** The page as it is now, <name>.png. */
  picture: (name: string, fullPage?: boolean) => Promise<unknown>;
  /**
   * Checks the page's accessibility in both themes and saves each as a screenshot,
   * <name>.png and <name>-dark.png, of the whole page unless `fullPage` is false.
   */
  shoot: (name: string, options?: { fullPage: boolean }) => Promise<unknown>;
}

/** Screenshots into `screenshotDir`, which holds only this run's pictures (failures too). */
export function cameraFor(page: Page, screenshotDir: string): Camera {
  rmSync(screenshotDir, { recursive: true, force: true });
  mkdirSync(screenshotDir, { recursive: true });
  const picture = (name: string, fullPage = true) =>
    page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
  const shoot = (name: string, { fullPage } = { fullPage: true }) =>
    checkBothThemes(page, name, (scheme) =>
      picture(scheme === 'light' ? name : `${name}-dark`, fullPage),
    );
  return { picture, shoot };
}

/** Uncaught errors and content-security-policy refusals in the page fail the step. */
function watchForProblems(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      problems.push(message.text());
  });
  return {
    check() {
      if (problems.length) throw new Error(`the page reported: ${problems.join('; ')}`);
    },
  };
}

/**
 * Runs named steps: a failed one saves the page as it was (failed-<step>.png) and is reported
 * as "<journey>, step "<name>": …"; a passed one is logged as [<tag>] ✓ <name>.
 */
export function stepsOf(page: Page, camera: Camera, journey: string, tag: string) {
  const problems = watchForProblems(page);
  return async (name: string, run: () => Promise<void>) => {
    try {
      await run();
      problems.check();
    } catch (error) {
      // The step's own error is what is reported; the picture shows where it stood.
      await camera.picture(`failed-${name.replace(/\W+/g, '-')}`).catch(() => undefined);
      throw new Error(`${journey}, step "${name}": ${(error as Error).message}`, {
        cause: error,
      });
    }
    console.log(`[${tag}] ✓ ${name}`);
  };
}
