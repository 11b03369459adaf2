// The release pipeline, which cannot run here, checked through the commands it runs:
// deploy/release/release.sh, exactly as release.yml calls it but for this machine's platform
// and with --load instead of --push. A copy of the work tree is bumped to 9.8.7 and
// committed; both images are built from it and checked by their tags, OCI labels and the
// version the server reports; npm's SBOM is read back; and the workflows' lint (part of
// `npm test`) is shown to fail on a broken workflow.
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ROOT, docker, run } from './support/docker.js';
import { ReleaseCheckout } from './support/release.js';

const VERSION = '9.8.7';
/** Local names, so nothing here can be mistaken for (or pushed as) a published image. */
const IMAGE_PREFIX = 'docket-e2e-release';
const SOURCE = 'https://example.com/docket/release-test';

interface ImageInspect {
  Id: string;
  RepoTags: string[];
  Architecture: string;
  Config: { Labels: Record<string, string> };
}

async function inspect(reference: string): Promise<ImageInspect> {
  const { stdout } = await docker(['image', 'inspect', reference]);
  return (JSON.parse(stdout) as ImageInspect[])[0]!;
}

/** The platform of the Docker engine here, as buildx names it (linux/amd64, linux/arm64). */
async function enginePlatform(): Promise<string> {
  const { stdout } = await docker(['version', '--format', '{{.Server.Os}}/{{.Server.Arch}}']);
  return stdout.trim();
}

let checkout: ReleaseCheckout;
/** Outside the checkout, so that what the script writes never makes its tree unclean. */
let out: string;
let built: Awaited<ReturnType<ReleaseCheckout['release']>>;
let platform: string;

beforeAll(async () => {
  checkout = await ReleaseCheckout.copy();
  out = mkdtempSync(join(tmpdir(), 'docket-release-out-'));
  const bumped = await checkout.release(['bump', VERSION]);
  expect(bumped.code, bumped.stderr).toBe(0);
  await checkout.commit(`Release ${VERSION}`);
  platform = await enginePlatform();
  built = await checkout.release(['images', VERSION, 'load', join(out, 'metadata')], {
    IMAGE_PREFIX,
    PLATFORMS: platform,
    SOURCE,
  });
}, 40 * 60_000);

afterAll(async () => {
  const { stdout } = await docker(
    [
      'image',
      'ls',
      '--format',
      '{{.Repository}}:{{.Tag}}',
      '--filter',
      `reference=${IMAGE_PREFIX}/*`,
    ],
    { allowFailure: true },
  );
  const tags = stdout.split('\n').filter(Boolean);
  if (tags.length > 0) await docker(['image', 'rm', '--force', ...tags], { allowFailure: true });
  checkout?.remove();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('release.sh images (what release.yml pushes, built here with --load)', () => {
  test('builds both images', () => {
    expect(built.code, `${built.stdout}\n${built.stderr}`.slice(-4000)).toBe(0);
  });

  test.each(['server', 'web'])(
    'the %s image has the five tags, on one image, for this platform',
    async (name) => {
      const revision = await checkout.revision();
      const tags = [VERSION, '9.8', '9', 'latest', `sha-${revision.slice(0, 7)}`];
      const images = await Promise.all(
        tags.map((tag) => inspect(`${IMAGE_PREFIX}/docket-${name}:${tag}`)),
      );
      expect(new Set(images.map((image) => image.Id)).size).toBe(1);
      expect(images[0]!.RepoTags.sort()).toEqual(
        tags.map((tag) => `${IMAGE_PREFIX}/docket-${name}:${tag}`).sort(),
      );
      expect(`linux/${images[0]!.Architecture}`).toBe(platform);
    },
  );

  test.each(['server', 'web'])('the %s image carries the OCI labels', async (name) => {
    const { Config } = await inspect(`${IMAGE_PREFIX}/docket-${name}:${VERSION}`);
    expect(Config.Labels).toMatchObject({
      'org.opencontainers.image.title': `docket-${name}`,
      'org.opencontainers.image.version': VERSION,
      'org.opencontainers.image.revision': await checkout.revision(),
      'org.opencontainers.image.source': SOURCE,
      'org.opencontainers.image.created': await checkout.commitTime(),
      'org.opencontainers.image.licenses': 'MIT',
    });
  });

  test('the server in the image reports the release version', async () => {
    const { stdout } = await docker([
      'run',
      '--rm',
      `${IMAGE_PREFIX}/docket-server:${VERSION}`,
      '--version',
    ]);
    expect(stdout.trim()).toBe(VERSION);
  });

  test.each(['server', 'web'])(
    'the %s metadata file has the digest (release.yml signs by digest)',
    (name) => {
      const metadata = JSON.parse(
        readFileSync(join(out, 'metadata', `${name}.json`), 'utf8'),
      ) as Record<string, string>;
      expect(metadata['containerimage.digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    },
  );
});

describe('release.sh refusals and tags', () => {
  test('a version the packages and the chart do not all carry is refused, naming them', async () => {
    const refused = await checkout.release(['images', '9.8.8', 'load', join(out, 'refused')], {
      IMAGE_PREFIX,
      PLATFORMS: platform,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not every version is 9.8.8');
    expect(refused.stderr).toContain('server/package.json 9.8.7');
    expect(refused.stderr).toContain('deploy/helm/docket/Chart.yaml:appVersion 9.8.7');
    expect(refused.stderr).toContain('CHANGELOG.md 9.8.7');
  });

  test.each([
    ['a new source file', 'server/src/uncommitted.ts'],
    ['a changed tracked file', 'README.md'],
  ])('a tree with %s is refused (the revision label would lie)', async (_what, file) => {
    const path = join(checkout.dir, file);
    const before = existsSync(path) ? readFileSync(path) : undefined;
    writeFileSync(path, 'export {};\n');
    try {
      const refused = await checkout.release(['images', VERSION, 'load', join(out, 'refused')]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('the work tree has changes');
    } finally {
      if (before) writeFileSync(path, before);
      else rmSync(path);
    }
  });

  test("files outside the images' sources (SBOMs, scan reports) do not stop a build", async () => {
    writeFileSync(join(checkout.dir, 'results.sarif'), '{}');
    try {
      const rebuilt = await checkout.release(['images', VERSION, 'load', join(out, 'rebuilt')], {
        IMAGE_PREFIX,
        PLATFORMS: platform,
        SOURCE,
      });
      expect(rebuilt.code, rebuilt.stderr.slice(-2000)).toBe(0);
    } finally {
      rmSync(join(checkout.dir, 'results.sarif'));
    }
  });

  test('not X.Y.Z is refused', async () => {
    const refused = await checkout.release(['tags', 'v9.8.7']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('version must be X.Y.Z');
  });

  test('a fix to an older line moves only its own tags', async () => {
    await checkout.git(['tag', 'v10.0.0']);
    try {
      const older = await checkout.release(['tags', VERSION]);
      expect(older.stdout.trim().split('\n')).toEqual([
        VERSION,
        '9.8',
        '9',
        expect.stringMatching(/^sha-/),
      ]);
      await checkout.git(['tag', 'v9.9.0']);
      const olderMinor = await checkout.release(['tags', VERSION]);
      expect(olderMinor.stdout.trim().split('\n')).toEqual([
        VERSION,
        '9.8',
        expect.stringMatching(/^sha-/),
      ]);
    } finally {
      await checkout.git(['tag', '--delete', 'v10.0.0', 'v9.9.0']);
    }
  });
});

describe('release.sh bump', () => {
  test('set every version and gave the Unreleased entries a section of their own', () => {
    const read = (file: string) => readFileSync(join(checkout.dir, file), 'utf8');
    for (const file of [
      'package.json',
      'server/package.json',
      'web/package.json',
      'e2e/package.json',
    ])
      expect((JSON.parse(read(file)) as { version: string }).version, file).toBe(VERSION);
    const lock = JSON.parse(read('package-lock.json')) as {
      version: string;
      packages: Record<string, { version?: string }>;
    };
    expect([lock.version, lock.packages['server']?.version, lock.packages['web']?.version]).toEqual(
      [VERSION, VERSION, VERSION],
    );
    expect(read('deploy/helm/docket/Chart.yaml')).toMatch(
      new RegExp(`^version: ${VERSION}\n[^]*^appVersion: '${VERSION}'$`, 'm'),
    );
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(
      new RegExp(`^## \\[Unreleased\\]\n\n## \\[${VERSION}\\] - \\d{4}-\\d{2}-\\d{2}\n`, 'm'),
    );
    expect(changelog).toContain(`/compare/v${VERSION}...HEAD\n[${VERSION}]: `);
  });
});

describe('release.sh sbom', () => {
  test("npm's CycloneDX SBOM names the release and every dependency of the server", async () => {
    const dir = join(out, 'sbom');
    const made = await checkout.release(['sbom', VERSION, dir]);
    expect(made.code, made.stderr).toBe(0);
    const bom = JSON.parse(readFileSync(join(dir, `docket-${VERSION}.npm.cdx.json`), 'utf8')) as {
      bomFormat: string;
      specVersion: string;
      metadata: { component: { version: string; purl: string } };
      components: { name: string; version: string; purl: string }[];
    };
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toMatch(/^1\.\d+$/);
    expect(bom.metadata.component).toMatchObject({
      version: VERSION,
      purl: `pkg:npm/docket@${VERSION}`,
    });

    const lock = JSON.parse(readFileSync(join(checkout.dir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const server = JSON.parse(
      readFileSync(join(checkout.dir, 'server', 'package.json'), 'utf8'),
    ) as {
      dependencies: Record<string, string>;
    };
    const listed = new Map(bom.components.map((c) => [`${c.name}@${c.version}`, c]));
    for (const name of Object.keys(server.dependencies)) {
      const version = (
        lock.packages[`node_modules/${name}`] ?? lock.packages[`server/node_modules/${name}`]
      )?.version;
      expect(listed.get(`${name}@${version}`), name).toMatchObject({
        purl: `pkg:npm/${name.replace('@', '%40')}@${version}`,
      });
    }
  });
});

interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<
    string,
    { permissions?: Record<string, string>; steps: { run?: string; uses?: string }[] }
  >;
}

function workflow(name: string): Workflow {
  return parse(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
}

const scripts = (w: Workflow) =>
  Object.values(w.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));

describe('the workflows', () => {
  test('release.yml builds only through release.sh, with --push and with the --load run tested here', () => {
    const runs = scripts(workflow('release.yml'));
    expect(
      runs.filter((script) => /docker (buildx )?build|helm package|npm sbom/.test(script)),
    ).toEqual([]);
    expect(runs).toContain('deploy/release/release.sh images "$VERSION" load "$RUNNER_TEMP/local"');
    expect(runs).toContain(
      'deploy/release/release.sh images "$VERSION" push "$RUNNER_TEMP/pushed"',
    );
  });

  test('release.yml grants each job only what it uses', () => {
    const release = workflow('release.yml');
    expect(release.permissions).toEqual({});
    expect(
      Object.fromEntries(
        Object.entries(release.jobs).map(([name, job]) => [name, job.permissions]),
      ),
    ).toEqual({
      images: { contents: 'read', packages: 'write', 'id-token': 'write' },
      chart: { contents: 'read', packages: 'write' },
      'github-release': { contents: 'write' },
    });
  });

  test('ci.yml runs every test command .ci/run runs', () => {
    const commands = readFileSync(join(ROOT, '.ci', 'run'), 'utf8')
      .split('\n')
      .filter((line) => /^npm (test|run test:)/.test(line));
    expect(commands).toEqual(['npm test', 'npm run test:containers', 'npm run test:k8s']);
    const runs = scripts(workflow('ci.yml'));
    for (const command of commands) expect(runs, command).toContain(command);
  });

  test('the lint npm test runs passes on them and fails on a broken workflow', async () => {
    const clean = await run('npm', ['run', '--silent', 'lint:workflows'], { allowFailure: true });
    expect(clean.code, clean.stdout).toBe(0);
    const workflows = readdirSync(join(ROOT, '.github', 'workflows'));
    expect(workflows.sort()).toEqual(['ci.yml', 'release.yml']);
    expect(clean.stdout).toContain(`Checking ${workflows.length} workflow file(s)`);

    const dir = mkdtempSync(join(tmpdir(), 'docket-workflows-'));
    try {
      const broken = join(dir, 'ci.yml');
      copyFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), broken);
      writeFileSync(
        broken,
        readFileSync(broken, 'utf8').replace('${{ matrix.node }}', '${{ matrix.nodes }}'),
      );
      const failed = await run('npm', ['run', '--silent', 'lint:workflows', '--', broken], {
        allowFailure: true,
      });
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain('property "nodes" is not defined');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
