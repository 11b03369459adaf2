// The previous release, from its own source: the upgrade test builds its images the way the
// suite builds the current ones (`docker compose build` with compose.yaml's build sections,
// here the release's own compose.yaml) and starts on them. The release is the tag if the
// checkout has it, else the commit it names (recorded here, once).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './docker.js';

export const PREVIOUS_RELEASE = {
  version: '0.1.0',
  tag: 'v0.1.0',
  commit: '563ac54b0fdfc0bb246eb255b7afc1bdf32e19c7',
  images: { server: 'docket/server:0.1.0', web: 'docket/web:0.1.0' },
} as const;

export interface ReleaseSource {
  revision: string;
  /** The release's files, extracted with git archive. */
  dir: string;
  /** Its migrations, by tag, oldest first. */
  migrations: string[];
  remove(): void;
}

async function resolveRevision(): Promise<string> {
  for (const name of [PREVIOUS_RELEASE.tag, PREVIOUS_RELEASE.commit]) {
    const found = await run('git', ['rev-parse', '--verify', '--quiet', `${name}^{commit}`], {
      allowFailure: true,
    });
    if (found.code === 0) return found.stdout.trim();
  }
  throw new Error(
    `the previous release (tag ${PREVIOUS_RELEASE.tag}, commit ${PREVIOUS_RELEASE.commit}) is not in ` +
      `this checkout: fetch it with \`git fetch origin tag ${PREVIOUS_RELEASE.tag}\`, or the whole ` +
      'history with `git fetch --unshallow --tags` (CI: actions/checkout with fetch-depth: 0)',
  );
}

export async function extractPreviousRelease(): Promise<ReleaseSource> {
  const revision = await resolveRevision();
  const dir = mkdtempSync(join(tmpdir(), `docket-${PREVIOUS_RELEASE.tag}-`));
  const archive = join(dir, 'source.tar');
  await run('git', ['archive', '--format=tar', '--output', archive, revision]);
  await run('tar', ['-xf', archive, '-C', dir]);
  rmSync(archive);
  return {
    revision,
    dir,
    migrations: migrationTags(dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The migrations of a checkout (its journal's tags), oldest first. */
export function migrationTags(checkout: string): string[] {
  const journal = JSON.parse(
    readFileSync(join(checkout, 'server', 'drizzle', 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { tag: string }[] };
  return journal.entries.map((entry) => entry.tag);
}
