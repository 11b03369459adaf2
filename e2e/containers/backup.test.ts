// Backup and restore on the Compose stack (issue 13, point 1), with the documented commands:
// data made through the web entry → `docker compose run --rm migrate backup /backups/<file>`
// into the bind-mounted BACKUP_DIR → `docker compose down -v` (every volume gone) → up →
// `docker compose run --rm migrate restore /backups/<file>` → every backed-up table's rows
// equal, search and chat cite the same passages, the API token still works.
import { chownSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BACKED_UP } from '../../server/src/modules/backup/coverage.js';
import { makePdf } from '../../server/test/support/pdf.js';
import {
  call,
  signUp,
  sql,
  type DocumentView,
  type SearchResult,
  type User,
} from './support/api.js';
import { Stack, docker, waitFor } from './support/docker.js';

/** The server image runs as the node user. */
const CONTAINER_UID = 1000;
const QUESTION = 'When does the lighthouse keeper polish the lens?';

let stack: Stack;
let backups: string;
let user: User;

beforeAll(async () => {
  backups = mkdtempSync(join(tmpdir(), 'docket-backups-'));
  // What docs/operations.md asks of a backup directory: writable by uid 1000.
  chownSync(backups, CONTAINER_UID, CONTAINER_UID);
  stack = await Stack.create('backup', ['compose.yaml'], { BACKUP_DIR: backups });
  await stack.up();
  user = await signUp(stack);
});

afterAll(async () => {
  if (!stack) return;
  await stack.saveLogs();
  await stack.down();
});

const as = (u: User) => ({ auth: { token: u.token } });

async function waitForReady(id: string): Promise<DocumentView> {
  return waitFor(
    `document ${id} ready`,
    async () => {
      const { body } = await call<DocumentView>(stack, `/api/documents/${id}`, as(user));
      if (body.status === 'failed') throw new Error(`document ${id} failed: ${body.error}`);
      return body.status === 'ready' ? body : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 250 },
  );
}

async function seed() {
  for (const json of [
    { title: 'Order brass polish', tags: ['lighthouse'], dueDate: '2027-01-05' },
    { title: 'Log the ferry', notes: 'Écrire à Zoë 🚢', priority: 'high' },
  ]) {
    const created = await call(stack, '/api/tasks', { method: 'POST', ...as(user), json });
    expect(created.status).toBe(201);
  }
  const pdf = await makePdf([
    ['The harbour office opens at nine on weekdays.'],
    ['The lighthouse keeper polishes the brass lens every Tuesday.'],
  ]);
  const form = new FormData();
  form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'keeper.pdf');
  const uploaded = await call<{ id: string }>(stack, '/api/documents', {
    method: 'POST',
    ...as(user),
    body: form,
  });
  expect(uploaded.status).toBe(202);
  await waitForReady(uploaded.body.id);
  const text = await call<{ id: string }>(stack, '/api/documents', {
    method: 'POST',
    ...as(user),
    json: { title: 'Ferry', text: '# Winter\n\nThe ferry leaves the harbour at 7:15.' },
  });
  await waitForReady(text.body.id);
}

async function citations(): Promise<unknown[]> {
  const { status, body } = await call<{ message: { citations: unknown[] } }>(stack, '/api/chat', {
    method: 'POST',
    ...as(user),
    headers: { accept: 'application/json' },
    json: { message: QUESTION },
  });
  expect(status).toBe(200);
  return body.message.citations;
}

const search = async () =>
  (
    await call<{ results: SearchResult[] }>(
      stack,
      `/api/search?q=${encodeURIComponent('lighthouse brass lens')}`,
      as(user),
    )
  ).body.results;

/** Every backed-up table's rows as sorted `to_jsonb` text. */
async function contents(): Promise<Record<string, string>> {
  const tables: Record<string, string> = {};
  for (const table of Object.keys(BACKED_UP))
    tables[table] = await sql(
      stack,
      `select coalesce(string_agg(to_jsonb(t)::text, E'\\n' order by to_jsonb(t)::text), '') from ${table} t`,
    );
  return tables;
}

describe('backup and restore with docker compose run --rm migrate', () => {
  const archive = '/backups/drill.tar.gz';
  let before: { contents: Record<string, string>; hits: SearchResult[]; cited: unknown[] };

  test('backup writes the archive into BACKUP_DIR, readable by its owner only', async () => {
    await seed();
    const cited = await citations();
    expect(cited.length).toBeGreaterThan(0);
    before = { contents: await contents(), hits: await search(), cited };
    expect(before.contents.document_source_parts).not.toBe('');
    await stack.compose(['run', '--rm', 'migrate', 'backup', archive]);
    const file = statSync(join(backups, 'drill.tar.gz'));
    expect(file.uid).toBe(CONTAINER_UID);
    expect(file.mode & 0o777).toBe(0o600);
  });

  test('after down -v and up, restore brings every row back', async () => {
    await stack.compose(['down', '-v', '--timeout', '20']);
    const volumes = await docker([
      'volume',
      'ls',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${stack.project}`,
    ]);
    expect(volumes.stdout.trim()).toBe('');
    await stack.up();
    expect((await contents()).users).toBe('');
    await stack.compose(['run', '--rm', 'migrate', 'restore', archive]);
    expect(await contents()).toEqual(before.contents);
    const ready = await call(stack, '/api/health/ready');
    expect(ready.status).toBe(200);
  });

  test('the token works, and search and chat cite the same passages', async () => {
    const tasks = await call<{ items: unknown[] }>(stack, '/api/tasks', as(user));
    expect(tasks.status).toBe(200);
    expect(tasks.body.items).toHaveLength(2);
    expect(await search()).toEqual(before.hits);
    expect(await citations()).toEqual(before.cited);
  });

  test('restore refuses the database now that it has data, in one line, exit 1', async () => {
    const refused = await stack.compose(['run', '--rm', 'migrate', 'restore', archive], {
      allowFailure: true,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^docket restore: the database is not empty \(.*--force/m);
  });
});
