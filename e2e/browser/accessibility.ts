// The automated accessibility check of every page the journey shows: axe-core (through
// @axe-core/playwright), in the light and the dark theme. A serious or critical violation
// fails the step; the milder ones are printed, so that they are seen.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export type ColorScheme = 'light' | 'dark';

const FAILING = new Set(['serious', 'critical']);

/** Runs axe on the page as it is now; throws on serious or critical violations. */
export async function checkAccessibility(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const failing = violations.filter((v) => FAILING.has(v.impact ?? ''));
  const milder = violations.filter((v) => !FAILING.has(v.impact ?? ''));
  console.log(
    `[axe] ${label}: ${failing.length} serious or critical` +
      (milder.length ? `; milder: ${milder.map((v) => `${v.id} (${v.impact})`).join(', ')}` : ''),
  );
  if (failing.length === 0) return;
  const details = failing.map((v) => {
    // Where, and why (axe's summary names the colours and the ratio of a contrast failure).
    const where = v.nodes
      .slice(0, 3)
      .map((node) => `${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`)
      .join('; ');
    return `${v.id} (${v.impact}): ${v.help} — ${where}`;
  });
  throw new Error(`accessibility of ${label}: ${details.join(' | ')}`);
}

/**
 * Checks the page in both themes, each as the system's preference (the page follows it
 * unless the reader chose one), and hands each to `shoot` first.
 */
export async function checkBothThemes(
  page: Page,
  label: string,
  shoot: (scheme: ColorScheme) => Promise<unknown>,
) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await shoot(scheme);
    await checkAccessibility(page, `${label} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
