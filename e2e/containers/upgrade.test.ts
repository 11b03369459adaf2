// Upgrading a Compose deployment (issue 13, point 2). The previous release (v0.1.0) is built
// from its own source and started with its own compose.yaml, as its users run it; data goes in
// through the API; then the current compose.yaml and images come up on the same project
// (volumes, secrets) with `docker compose up -d --wait`, as an upgrade does. Required: migrate
// ran once and applied what was new, every row of the old schema is unchanged, the API answers
// the same, readiness is green. v0.1.0 has no guard against a newer schema, so the refusal is
// shown with the current image against a schema one migration ahead (a future release).
// One stack life cycle: the old images take minutes to build on a small machine.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, signIn, signUp, sql, type DocumentView, type User } from './support/api.js';
import { IMAGES, ROOT, Stack, docker, waitFor } from './support/docker.js';
import {
  PREVIOUS_RELEASE,
  extractPreviousRelease,
  migrationTags,
  type ReleaseSource,
} from './support/previous-release.js';

const NOTE =
  'The harbour office opens at nine on weekdays. The lighthouse keeper polishes the brass ' +
  'lens every Tuesday, and logs the passing ships in a green ledger.';

let release: ReleaseSource;
let stack: Stack;
let user: User;

beforeAll(async () => {
  release = await extractPreviousRelease();
  stack = await Stack.create(
    'upgrade',
    ['compose.yaml'],
    {
      DOCKET_SERVER_IMAGE: PREVIOUS_RELEASE.images.server,
      DOCKET_WEB_IMAGE: PREVIOUS_RELEASE.images.web,
      DOCKET_VERSION: PREVIOUS_RELEASE.version,
      DOCKET_REVISION: release.revision,
    },
    release.dir,
  );
  const started = Date.now();
  await stack.compose(['build'], { timeoutMs: 30 * 60_000 });
  console.log(
    `[upgrade] ${PREVIOUS_RELEASE.tag} images built in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  await stack.up();
}, 40 * 60_000);

afterAll(async () => {
  if (stack) {
    await stack.saveLogs();
    await stack.down();
  }
  release?.remove();
});

const as = (u: User) => ({ token: u.token });

/** What the user sees through the API: compared before and after the upgrade. */
async function apiView(u: User, documentId: string, conversationId: string) {
  const read = async (path: string) => {
    const { status, body } = await call(stack, path, { auth: as(u) });
    expect(status, path).toBe(200);
    return body;
  };
  const tokens = (await read('/api/tokens')) as { items: { lastUsedAt: string | null }[] };
  const search = (await read('/api/search?q=lighthouse%20ledger')) as {
    results: { documentId: string; chunkId: string; text: string }[];
  };
  return {
    tasks: await read('/api/tasks?limit=100'),
    documents: await read('/api/documents?limit=100'),
    document: await read(`/api/documents/${documentId}`),
    conversations: await read('/api/conversations?limit=100'),
    conversation: await read(`/api/conversations/${conversationId}`),
    // What is found; a newer release may score it differently.
    search: search.results.map(({ documentId, chunkId, text }) => ({ documentId, chunkId, text })),
    // Using a token stamps it: its other fields are what must survive.
    tokens: tokens.items.map(({ lastUsedAt: _, ...token }) => token),
  };
}

/**
 * Every table's rows, by the columns it had before the upgrade: a row count and an md5 of
 * the rows as text, in one statement. Columns a migration adds are left out; a dropped one
 * would fail the statement.
 */
async function rowDigests(columns: Map<string, string>): Promise<Map<string, string>> {
  const parts = [...columns].map(
    ([table, list]) =>
      `select '${table}' as t, (select count(*) || ' ' || coalesce(md5(string_agg(r::text, E'\\n' order by r::text)), '-') ` +
      `from (select ${list} from ${table}) r) as d`,
  );
  const out = await sql(stack, `${parts.join(' union all ')} order by t`);
  return new Map(out.split('\n').map((line) => line.split('|') as [string, string]));
}

/** The data tables (all but the migrations table) and their columns, as a select list. */
async function dataColumns(): Promise<Map<string, string>> {
  const out = await sql(
    stack,
    `select quote_ident(table_schema) || '.' || quote_ident(table_name),
            string_agg(quote_ident(column_name), ', ' order by ordinal_position)
       from information_schema.columns
      where table_schema = 'public'
      group by 1 order by 1`,
  );
  return new Map(out.split('\n').map((line) => line.split('|') as [string, string]));
}

/**
 * Columns that `migrate` derives again on this upgrade: the offline embedding changed
 * (offline-hash-v1 to v2), so it re-embeds every chunk and records the new model. Every other
 * column of every table must come through as the previous release left it.
 */
const REDERIVED: Record<string, readonly string[]> = {
  'public.document_chunks': ['embedding', 'embedding_model'],
  'public.embedding_settings': ['embedding_model', 'updated_at'],
};

/** The select lists without the columns the upgrade derives again. */
const keptColumns = (columns: Map<string, string>) =>
  new Map(
    [...columns].map(([table, list]) => [
      table,
      list
        .split(', ')
        .filter((column) => !REDERIVED[table]?.includes(column))
        .join(', '),
    ]),
  );

const migrationRows = async () =>
  (await sql(stack, 'select id, hash, created_at from drizzle.__drizzle_migrations order by id'))
    .split('\n')
    .filter(Boolean);

interface LogLine {
  msg: string;
  pending?: string[];
  newlyApplied?: string[];
}

async function migrateRuns() {
  const ids = await stack.containers('migrate', true);
  return Promise.all(
    ids.map(async (id) => {
      const { stdout } = await docker([
        'inspect',
        '--format',
        '{{.Config.Image}} {{.State.ExitCode}} {{.RestartCount}}',
        id,
      ]);
      const [image, exitCode, restarts] = stdout.trim().split(' ');
      const logs = await docker(['logs', id]);
      const lines = `${logs.stdout}\n${logs.stderr}`
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine);
      return { image, exitCode: Number(exitCode), restarts: Number(restarts), lines };
    }),
  );
}

interface Before {
  documentId: string;
  conversationId: string;
  view: Awaited<ReturnType<typeof apiView>>;
  columns: Map<string, string>;
  digests: Map<string, string>;
  migrations: string[];
}
let before: Before;

describe(`upgrade from ${PREVIOUS_RELEASE.tag} with docker compose up`, () => {
  test(`${PREVIOUS_RELEASE.tag} serves and takes data: account, token, tasks, a document, a chat turn`, async () => {
    const version = await docker([
      'image',
      'inspect',
      '--format',
      '{{index .Config.Labels "org.opencontainers.image.revision"}}',
      PREVIOUS_RELEASE.images.server,
    ]);
    expect(version.stdout.trim()).toBe(release.revision);
    expect((await migrateRuns()).map((r) => r.image)).toEqual([PREVIOUS_RELEASE.images.server]);

    user = await signUp(stack, 'Upgrade test');
    for (const [title, priority] of [
      ['Renew the harbour permit', 'high'],
      ['Order brass polish', 'low'],
    ] as const) {
      const task = await call(stack, '/api/tasks', {
        method: 'POST',
        auth: as(user),
        json: { title, priority, tags: ['upgrade'], notes: `${title}, before the upgrade` },
      });
      expect(task.status, JSON.stringify(task.body)).toBe(201);
    }
    const added = await call<{ id: string }>(stack, '/api/documents', {
      method: 'POST',
      auth: as(user),
      json: { title: 'Harbour notes', text: NOTE },
    });
    expect(added.status).toBe(202);
    const documentId = added.body.id;
    await waitFor(
      `document ${documentId} ready`,
      async () => {
        const doc = await call<DocumentView>(stack, `/api/documents/${documentId}`, {
          auth: as(user),
        });
        if (doc.body.status === 'failed') throw new Error(`ingestion failed: ${doc.body.error}`);
        return doc.body.status === 'ready';
      },
      { timeoutMs: 90_000 },
    );
    const chat = await call<{ conversationId: string; message: { content: string } }>(
      stack,
      '/api/chat',
      { method: 'POST', auth: as(user), json: { message: 'When does the harbour office open?' } },
    );
    expect(chat.status, JSON.stringify(chat.body)).toBe(200);
    expect(chat.body.message.content).toContain('nine');

    const view = await apiView(user, documentId, chat.body.conversationId);
    expect(view.search.map((found) => found.documentId)).toContain(documentId);
    // Last, so that no API call changes a row after it (a token's last use).
    const columns = await dataColumns();
    before = {
      documentId,
      conversationId: chat.body.conversationId,
      view,
      columns,
      digests: await rowDigests(keptColumns(columns)),
      migrations: await migrationRows(),
    };
    expect(before.migrations).toHaveLength(release.migrations.length);
  });

  test('the current images come up on it: migrate ran once, the data is intact, readiness is green', async () => {
    stack = stack.switchTo(['compose.yaml'], {
      DOCKET_SERVER_IMAGE: IMAGES.server,
      DOCKET_WEB_IMAGE: IMAGES.web,
    });
    await stack.up();

    const current = migrationTags(ROOT);
    const added = current.slice(release.migrations.length);
    expect(current.slice(0, release.migrations.length)).toEqual(release.migrations);
    console.log(
      `[upgrade] migrations new since ${PREVIOUS_RELEASE.tag}: ${added.join(', ') || 'none'}`,
    );
    const runs = await migrateRuns();
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run).toMatchObject({ image: IMAGES.server, exitCode: 0, restarts: 0 });
    const applying = run!.lines.filter((l) => l.msg === 'applying database migrations');
    expect(applying.map((l) => l.pending)).toEqual(added.length > 0 ? [added] : []);
    expect(
      run!.lines.filter((l) => l.msg === 'database schema is current').map((l) => l.newlyApplied),
    ).toEqual([added]);

    // Before any API call: rows as the previous release left them, then the migrations.
    expect(await rowDigests(keptColumns(before.columns))).toEqual(before.digests);
    // What was derived again is the current embedding's, for every chunk.
    expect(
      await sql(
        stack,
        `select count(*) from document_chunks c, embedding_settings s
          where c.embedding_model <> s.embedding_model`,
      ),
    ).toBe('0');
    expect(await sql(stack, 'select embedding_model from embedding_settings')).toBe(
      'offline:offline-hash-v2',
    );
    const migrations = await migrationRows();
    expect(migrations.slice(0, before.migrations.length)).toEqual(before.migrations);
    expect(migrations).toHaveLength(current.length);

    const ready = await call<{ status: string }>(stack, '/api/health/ready');
    expect(ready.status, JSON.stringify(ready.body)).toBe(200);
    expect(ready.body.status).toBe('ready');
    // Every field the previous release answered, with the same value (new fields may be added).
    expect(await apiView(user, before.documentId, before.conversationId)).toMatchObject(
      before.view,
    );
    expect((await signIn(stack, user.email, user.password)).status).toBe(200);
    const task = await call(stack, '/api/tasks', {
      method: 'POST',
      auth: as(user),
      json: { title: 'After the upgrade' },
    });
    expect(task.status).toBe(201);
  });

  test('a schema one migration ahead (a future release) is refused: migrate exits 1 changing nothing, readiness 503', async () => {
    const future = { createdAt: Date.now() + 86_400_000, hash: 'f'.repeat(64) };
    await sql(
      stack,
      `insert into drizzle.__drizzle_migrations (hash, created_at) values ('${future.hash}', ${future.createdAt})`,
    );
    const ahead = await migrationRows();
    const columns = await dataColumns();
    const digests = await rowDigests(columns);

    const refused = await stack.compose(['run', '--rm', '--no-deps', 'migrate'], {
      allowFailure: true,
    });
    expect(refused.code, refused.stderr).toBe(1);
    const message =
      'this Docket is older than its database: run the newer version, or restore a backup made by this version';
    expect(refused.stdout + refused.stderr).toContain(message);
    expect(await migrationRows()).toEqual(ahead);
    expect(await dataColumns()).toEqual(columns);
    expect(await rowDigests(columns)).toEqual(digests);

    const ready = await call<{ status: string; checks: { schema: { message?: string } } }>(
      stack,
      '/api/health/ready',
    );
    expect(ready.status).toBe(503);
    expect(ready.body.checks.schema.message).toContain(message);
    expect(ready.body.checks.schema.message).toContain(new Date(future.createdAt).toISOString());

    // `up` runs migrate first and fails with it: what depends on it is not started.
    const up = await stack.compose(['up', '-d', '--wait', '--wait-timeout', '120'], {
      allowFailure: true,
    });
    expect(up.code, up.stdout).not.toBe(0);
    expect(up.stderr).toMatch(/migrate/);
    expect(await migrationRows()).toEqual(ahead);

    // Back to the schema this Docket knows (as a restore would), and up again.
    await sql(stack, `delete from drizzle.__drizzle_migrations where hash = '${future.hash}'`);
    await stack.up();
    expect((await call(stack, '/api/health/ready')).status).toBe(200);
  });
});
