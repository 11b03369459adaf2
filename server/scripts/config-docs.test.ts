// The docs generator's check mode: current docs pass, and each kind of drift fails naming
// the file and the variable; regenerating restores the docs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, generate, README_BEGIN, type ConfigFiles } from './config-docs.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const current: ConfigFiles = {
  readme: read('README.md'),
  envExample: read('.env.example'),
  compose: read('compose.yaml'),
};

function replaced(text: string, from: string | RegExp, to: string): string {
  const result = text.replace(from, to);
  expect(result, `${String(from)} not found`).not.toBe(text);
  return result;
}

describe('config:docs --check', () => {
  it('passes on the repository as committed', async () => {
    expect(await check(current)).toEqual([]);
  });

  it('fails on a README row whose meaning or default drifted, naming the variable', async () => {
    const readme = replaced(current.readme, /\| HTTP port +\|/, '| the port |');
    expect(await check({ ...current, readme })).toEqual([
      'README.md is out of date (PORT): run npm run config:docs',
    ]);
    const withoutRow = replaced(current.readme, /^\| `WEB_DIR`.*\n/m, '');
    expect(await check({ ...current, readme: withoutRow })).toEqual([
      'README.md is out of date (WEB_DIR): run npm run config:docs',
    ]);
  });

  it('fails on a stale .env.example comment or commented-out default, naming the variable', async () => {
    const comment = replaced(
      current.envExample,
      /^# Model steps \(tool rounds\).*$/m,
      '# Steps per answer.',
    );
    expect(await check({ ...current, envExample: comment })).toEqual([
      '.env.example is out of date (CHAT_MAX_STEPS): run npm run config:docs',
    ]);
    const value = replaced(current.envExample, '# JOB_LEASE_MS=30000', '# JOB_LEASE_MS=60000');
    expect(await check({ ...current, envExample: value })).toEqual([
      '.env.example is out of date (JOB_LEASE_MS): run npm run config:docs',
    ]);
  });

  it('keeps values given on purpose, and notes written apart from a setting', async () => {
    const envExample = replaced(current.envExample, 'TRUST_PROXY=1', 'TRUST_PROXY=2');
    const note = '# Our own note.\n\n';
    const withNote = replaced(
      envExample,
      '# Connections per process',
      `${note}# Connections per process`,
    );
    expect(await check({ ...current, envExample: withNote })).toEqual([]);
  });

  it('fails when .env.example and what compose.yaml passes from .env disagree', async () => {
    const missing = replaced(current.envExample, /^# CHAT_MODEL=\n/m, '');
    expect(await check({ ...current, envExample: missing })).toContain(
      '.env.example: CHAT_MODEL is passed by compose.yaml but has no line here',
    );
    const extra = `${current.envExample}# HOST=0.0.0.0\n`;
    expect(await check({ ...current, envExample: extra })).toContain(
      '.env.example: HOST is listed but compose.yaml does not pass it',
    );
  });

  it('regenerates the committed docs from drifted ones, and is stable', async () => {
    const drifted: ConfigFiles = {
      ...current,
      readme: replaced(current.readme, /\| HTTP port +\|/, '| the port |'),
      envExample: replaced(current.envExample, '# JOB_LEASE_MS=30000', '# JOB_LEASE_MS=1'),
    };
    const generated = await generate(drifted);
    expect(generated.readme).toBe(current.readme);
    expect(generated.envExample).toBe(current.envExample);
    expect(generated.problems).toEqual([]);
  });

  it("refuses a README without the table's markers", async () => {
    const readme = replaced(current.readme, README_BEGIN, '');
    await expect(check({ ...current, readme })).rejects.toThrow(/README.md: expected the markers/);
  });
});
