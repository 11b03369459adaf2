// The chart as a release packages it: deploy/release/release.sh chart, the command
// release.yml runs before pushing the package to GHCR, in a copy of the work tree bumped to
// 9.8.7. Here because this suite is where helm is guaranteed (the k8s kit).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ReleaseCheckout } from '../containers/support/release.js';
import { VALUES, helm } from './support/chart.js';

const VERSION = '9.8.7';

let checkout: ReleaseCheckout;
let out: string;

beforeAll(async () => {
  checkout = await ReleaseCheckout.copy();
  out = mkdtempSync(join(tmpdir(), 'docket-chart-'));
  const bumped = await checkout.release(['bump', VERSION]);
  expect(bumped.code, bumped.stderr).toBe(0);
  await checkout.commit(`Release ${VERSION}`);
});

afterAll(() => {
  checkout?.remove();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('release.sh chart', () => {
  test('packages the chart with the release as its version and appVersion', async () => {
    const packaged = await checkout.release(['chart', VERSION, out]);
    expect(packaged.code, packaged.stderr).toBe(0);
    const archive = join(out, `docket-${VERSION}.tgz`);
    const chart = parse((await helm(['show', 'chart', archive])).stdout) as {
      name: string;
      version: string;
      appVersion: string;
    };
    expect(chart).toMatchObject({ name: 'docket', version: VERSION, appVersion: VERSION });

    // Installed without image tags, the package runs the release's images.
    const { stdout } = await helm(['template', 'docket', archive, '--values', VALUES.minimal]);
    const images = parseAllDocuments(stdout)
      .map((document) => JSON.stringify(document.toJS()))
      .join('\n')
      .match(/"image":"ghcr\.io\/docket-app\/docket-[a-z]+:[^"]+"/g);
    expect(new Set(images)).toEqual(
      new Set([
        `"image":"ghcr.io/docket-app/docket-server:${VERSION}"`,
        `"image":"ghcr.io/docket-app/docket-web:${VERSION}"`,
      ]),
    );
  });

  test('refuses a version the chart does not carry', async () => {
    const refused = await checkout.release(['chart', '9.9.0', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('deploy/helm/docket/Chart.yaml:version 9.8.7');
  });
});
