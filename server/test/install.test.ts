// A fresh `npm install` prints no warning, in particular none about dependencies' install
// scripts (docs/decisions.md says why each is denied). `npm ci --dry-run` on a copy of the
// manifests and lockfile prints what a clean checkout's install would, from the lockfile alone:
// offline, with an empty cache, in seconds.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/processes.js';

describe('npm install', () => {
  it('prints no warning on a clean checkout', () => {
    const copy = mkdtempSync(join(tmpdir(), 'docket-install-'));
    const { workspaces } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    for (const file of ['package.json', 'package-lock.json', '.npmrc'])
      copyFileSync(join(REPO_ROOT, file), join(copy, file));
    for (const workspace of workspaces) {
      mkdirSync(join(copy, workspace));
      copyFileSync(
        join(REPO_ROOT, workspace, 'package.json'),
        join(copy, workspace, 'package.json'),
      );
    }
    const install = spawnSync(
      'npm',
      ['ci', '--dry-run', '--offline', '--cache', join(copy, '.cache'), '--no-audit', '--no-fund'],
      { cwd: copy, encoding: 'utf8' },
    );
    const output = `${install.stdout}${install.stderr}`;
    expect(install.status, output).toBe(0);
    expect(output).toMatch(/added \d+ packages/);
    expect(output.split('\n').filter((line) => /^npm warn/i.test(line))).toEqual([]);
  });
});
