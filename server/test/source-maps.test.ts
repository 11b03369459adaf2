// The build minifies dist/ (scripts/bundle.ts: less to read and compile at start) and links
// source maps, so that with --enable-source-maps (npm start, the image's NODE_OPTIONS) a stack
// trace still names the line of src/ that threw. Checked on the built app in a process of its own.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT } from './support/processes.js';

beforeAll(assertBuilt);

/** The stack of the error that buildApp, given no configuration, fails with. */
function stackOfBuiltApp(flags: string[]): string {
  const script =
    "const { buildApp } = await import('./dist/app.js');" +
    'await buildApp({}).catch((error) => console.log(error.stack));';
  return execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
    cwd: join(REPO_ROOT, 'server'),
    encoding: 'utf8',
  });
}

it('names the lines of src/ with --enable-source-maps, and only the bundle without', () => {
  expect(stackOfBuiltApp(['--enable-source-maps'])).toMatch(/at .*buildApp .*src\/app\.ts:\d+:\d+/);
  expect(stackOfBuiltApp([])).toMatch(/at .*buildApp .*dist\/chunk-\w+\.js:\d+:\d+/);
});
