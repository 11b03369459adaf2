// Backup and restore (issue 13, point 1), on real databases. The drill, in both directions
// (embedded → PostgreSQL, PostgreSQL → embedded): accounts, tokens, tasks, a chat turn and
// documents (a PDF) made through the API → backup → a new empty database → restore → every
// backed-up table's rows equal by content, search and chat answer with the same citations, the
// API token still works and the PDF's bytes are the same. Then what restore refuses (a database
// with data without --force, a newer schema, a damaged archive) leaving the target untouched,
// an archive from an older schema, a table nobody classified, and reads in bounded batches.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { codeMigrations, schemaState } from '../src/db/schema-state.js';
import { BACKED_UP } from '../src/modules/backup/coverage.js';
import { MANIFEST_ENTRY, type Manifest } from '../src/modules/backup/format.js';
import { readEntries } from '../src/modules/backup/reader.js';
import {
  backupDatabase,
  restoreDatabase,
  UNFINISHED_DOCUMENT_REASON,
} from '../src/modules/backup/service.js';
import { createArchive } from '../src/modules/backup/writer.js';
import { insertDocument, selectDocumentWithSource } from '../src/modules/documents/queries.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import {
  emptyDatabase,
  migratedDatabase,
  silentLogger,
  testConfig,
  type Backend,
} from './support/databases.js';
import { addText, search, settled, upload } from './support/documents.js';
import { makePdf } from './support/pdf.js';
import {
  MAIN,
  assertBuilt,
  freePort,
  killAll,
  signUpOver,
  spawnCommand,
  spawnDocket,
  terminate,
  waitForStatus,
} from './support/processes.js';
import { createCollection, putDocument, share } from './support/sharing.js';
import { recordStatements } from './support/statements.js';

const workDir = mkdtempSync(join(tmpdir(), 'docket-backup-test-'));
const restoring = { force: false, logger: silentLogger };
const QUESTION = 'How much did the harbour ferry revenue grow?';

/** A table's rows as `to_jsonb` text in UTC, sorted: equal lists mean equal content. */
async function rowsOf(database: Database, table: string, where: SQL = sql`true`) {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const { rows } = await tx.execute<{ row: string }>(
      sql`select to_jsonb(t)::text as row from ${sql.identifier(table)} t where ${where} order by 1`,
    );
    return rows.map((r) => r.row);
  });
}

async function hasSchema(database: Database): Promise<boolean> {
  const { rows } = await database.db.execute<{ present: boolean }>(
    sql`select to_regclass('users') is not null as present`,
  );
  return rows[0]!.present;
}

async function chat(t: TestApp, user: TestUser, message: string) {
  const response = await call(t.app, user, {
    method: 'POST',
    url: '/api/chat',
    headers: { accept: 'application/json' },
    payload: { message },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ message: { content: string; citations: unknown[] } }>().message;
}

interface Seeded {
  ann: TestUser;
  bob: TestUser;
  pdf: Buffer;
  pdfId: string;
  /** Ann's document in a collection shared with Bob. */
  sharedId: string;
  unfinishedId: string;
}

/** Everything a user makes, through the API; and one document caught mid-ingestion. */
async function seed(t: TestApp): Promise<Seeded> {
  const ann = await signUp(t.app, 'ann');
  const bob = await signUp(t.app, 'bob');
  for (const [user, payload] of [
    [
      ann,
      { title: 'Renew the harbour permit', tags: ['boat', 'paperwork'], dueDate: '2027-03-01' },
    ],
    [ann, { title: 'Écrire à Zoë 🚢', notes: 'tabs\tand\nnew lines', priority: 'high' }],
    [bob, { title: 'Bob’s only task' }],
  ] as const) {
    const created = await call(t.app, user, { method: 'POST', url: '/api/tasks', payload });
    expect(created.statusCode, created.body).toBe(201);
  }
  const pdf = await makePdf(
    [
      ['Annual report', 'Introduction to the year.'],
      ['Revenue grew by forty percent thanks to the new harbour ferry line.'],
    ],
    'Annual report',
  );
  const uploaded = await upload(t.app, ann, 'report.pdf', pdf);
  expect(uploaded.statusCode, uploaded.body).toBe(202);
  const pdfId = uploaded.json<{ id: string }>().id;
  expect(await settled(t.app, ann, pdfId)).toMatchObject({ status: 'ready' });
  const text = await call(t.app, ann, {
    method: 'POST',
    url: '/api/documents',
    payload: { title: 'Ferry timetable', text: '# Winter\n\nThe harbour ferry leaves at 7:15.' },
  });
  expect(await settled(t.app, ann, text.json<{ id: string }>().id)).toMatchObject({
    status: 'ready',
  });
  expect((await chat(t, ann, QUESTION)).citations.length).toBeGreaterThan(0);
  // A collection shared with Bob, and a token limited to it (arrays and an expiry in the rows).
  const sharedId = await addText(t.app, ann, 'Lighthouse log', 'The lantern keeper logs ships.');
  const coast = await createCollection(t.app, ann, 'Coast');
  expect((await putDocument(t.app, ann, coast, sharedId)).statusCode).toBe(204);
  await share(t.app, ann, coast, bob, 'viewer');
  const limited = await call(t.app, ann, {
    method: 'POST',
    url: '/api/tokens',
    payload: {
      name: 'coast',
      scopes: ['read'],
      collectionIds: [coast],
      expiresAt: '2999-01-01T00:00:00Z',
    },
  });
  expect(limited.statusCode, limited.body).toBe(201);
  const unfinishedId = randomUUID();
  const [user] = (await rowsOf(t.database, 'users')).map((r) => JSON.parse(r) as { id: string });
  await t.database.db.execute(
    sql`insert into documents (id, user_id, title, source, status, progress)
        values (${unfinishedId}, ${user!.id}, 'Half read', 'text', 'processing', 40)`,
  );
  return { ann, bob, pdf, pdfId, sharedId, unfinishedId };
}

describe.each<[Backend, Backend]>([
  ['pglite', 'postgres'],
  ['postgres', 'pglite'],
])('backup from %s, restore into %s', (from, into) => {
  let source: TestApp;
  let target: TestApp;
  let seeded: Seeded;
  let manifest: Manifest;
  const file = join(workDir, `${from}-to-${into}.tar.gz`);

  beforeAll(async () => {
    source = await startTestApp({}, { kind: from, jobs: 'local' });
    seeded = await seed(source);
    await backupDatabase(source.database, file);
    const database = await emptyDatabase(into);
    manifest = await restoreDatabase(database, file, restoring);
    target = await startTestApp({}, { database, jobs: 'none' });
  });
  afterAll(async () => {
    await target?.close();
    await source?.close();
  });

  it('writes a manifest with the version, schema, embeddings and counts', () => {
    const migrations = codeMigrations();
    const { embeddings } = testConfig();
    expect(manifest).toMatchObject({
      format: 'docket-backup',
      database: from,
      schema: { tag: migrations.at(-1)!.tag, count: migrations.length },
      embeddings: {
        provider: 'offline',
        model: embeddings.model,
        dimensions: embeddings.dimensions,
      },
    });
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    expect(rows).toMatchObject({
      users: 2,
      api_tokens: 3,
      tasks: 3,
      documents: 4,
      messages: 2,
      collections: 1,
      collection_documents: 1,
      collection_members: 1,
    });
    expect(rows.document_chunks).toBeGreaterThan(1);
  });

  it('restores every backed-up table row for row, byte for byte', async () => {
    for (const table of Object.keys(BACKED_UP)) {
      const except = table === 'documents' ? sql`id <> ${seeded.unfinishedId}` : sql`true`;
      const expected = await rowsOf(source.database, table, except);
      expect(await rowsOf(target.database, table, except), table).toEqual(expected);
    }
    const pdf = await selectDocumentWithSource(target.database.db, seeded.pdfId);
    expect(pdf!.content.equals(seeded.pdf)).toBe(true);
  });

  it('fails the document whose ingestion had not finished, saying what to do', async () => {
    const [row] = await rowsOf(target.database, 'documents', sql`id = ${seeded.unfinishedId}`);
    expect(JSON.parse(row!)).toMatchObject({ status: 'failed', error: UNFINISHED_DOCUMENT_REASON });
  });

  it('is ready, and the API token still works', async () => {
    const ready = await call(target.app, undefined, { url: '/api/health/ready' });
    expect(ready.statusCode, ready.body).toBe(200);
    const tasks = (t: TestApp) => call(t.app, seeded.ann, { url: '/api/tasks' });
    const restored = await tasks(target);
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toEqual((await tasks(source)).json());
    expect(restored.json<{ items: unknown[] }>().items).toHaveLength(2);
  });

  it('answers search and chat with the same citations', async () => {
    const hits = await search(target.app, seeded.ann, 'harbour ferry revenue');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits).toEqual(await search(source.app, seeded.ann, 'harbour ferry revenue'));
    const answer = await chat(target, seeded.ann, QUESTION);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations).toEqual((await chat(source, seeded.ann, QUESTION)).citations);
    // Bob reads only what Ann shared with him, before and after.
    const bobs = await search(target.app, seeded.bob, 'harbour ferry revenue');
    expect(new Set(bobs.map((hit) => hit.documentId))).toEqual(new Set([seeded.sharedId]));
    expect(bobs).toEqual(await search(source.app, seeded.bob, 'harbour ferry revenue'));
  });
});

/** Writes a copy of `file` with its entries changed by `change` (a valid archive otherwise). */
async function rewrite(file: string, change: (name: string, content: Buffer) => Buffer) {
  const copy = join(workDir, `changed-${randomUUID()}.tar.gz`);
  const archive = createArchive(copy);
  for await (const { name, content } of readEntries(file))
    await archive.add(name, change(name, content));
  await archive.finish();
  return copy;
}

describe('what restore refuses, and older archives', () => {
  let source: Database;
  const file = join(workDir, 'small.tar.gz');

  beforeAll(async () => {
    source = await migratedDatabase('pglite');
    await source.db.execute(
      sql`insert into users (id, name, email) values ('ann', 'Ann', 'ann@example.com')`,
    );
    await backupDatabase(source, file);
  });
  afterAll(async () => source?.close());

  it('refuses a database with data unless forced; forced, replaces all of it', async () => {
    const target = await migratedDatabase('postgres');
    try {
      await target.db.execute(
        sql`insert into users (id, name, email) values ('zed', 'Zed', 'zed@example.com')`,
      );
      await expect(restoreDatabase(target, file, restoring)).rejects.toThrow(
        /the database is not empty \(users have rows\).*--force/,
      );
      expect(await rowsOf(target, 'users')).toEqual([expect.stringContaining('"zed"')]);
      await restoreDatabase(target, file, { ...restoring, force: true });
      expect(await rowsOf(target, 'users')).toEqual(await rowsOf(source, 'users'));
    } finally {
      await target.close();
    }
  });

  it('refuses an archive from a newer schema, naming both, and writes nothing', async () => {
    const newer = await rewrite(file, (name, content) => {
      if (name !== MANIFEST_ENTRY) return content;
      const manifest = JSON.parse(content.toString()) as Manifest;
      manifest.schema = { tag: '9999_from_the_future', count: manifest.schema.count + 1 };
      manifest.docketVersion = '99.0.0';
      return Buffer.from(JSON.stringify(manifest));
    });
    const target = await emptyDatabase('postgres');
    try {
      const latest = codeMigrations().at(-1)!.tag;
      await expect(restoreDatabase(target, newer, restoring)).rejects.toThrow(
        new RegExp(
          `9999_from_the_future.*Docket 99\\.0\\.0\\) is newer than this Docket's \\(${latest}`,
        ),
      );
      expect(await hasSchema(target)).toBe(false);
    } finally {
      await target.close();
    }
  });

  it('refuses an archive with a changed byte (checksum), and writes nothing', async () => {
    const damaged = await rewrite(file, (name, content) =>
      name.startsWith('data/users/')
        ? Buffer.from(content.toString().replace('ann@example.com', 'ann@examp1e.com'))
        : content,
    );
    const target = await emptyDatabase('pglite');
    try {
      await expect(restoreDatabase(target, damaged, restoring)).rejects.toThrow(
        'data/users/000000.json: checksum mismatch, the archive is damaged',
      );
      expect(await hasSchema(target)).toBe(false);
    } finally {
      await target.close();
    }
  });

  it('refuses a file damaged in its compression, and writes nothing', async () => {
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    const damaged = join(workDir, 'flipped.tar.gz');
    writeFileSync(damaged, bytes);
    const target = await emptyDatabase('pglite');
    try {
      await expect(restoreDatabase(target, damaged, restoring)).rejects.toThrow(
        /is not a readable Docket backup/,
      );
      expect(await hasSchema(target)).toBe(false);
    } finally {
      await target.close();
    }
  });

  it('refuses a tar that holds entries its manifest does not list', async () => {
    const padded = join(workDir, 'extra.tar.gz');
    const archive = createArchive(padded);
    for await (const { name, content } of readEntries(file)) await archive.add(name, content);
    await archive.add('data/users/000099.json', Buffer.from('[]'));
    await archive.finish();
    await expect(restoreDatabase(await emptyDatabase('pglite'), padded, restoring)).rejects.toThrow(
      /entries its manifest does not list: data\/users\/000099.json/,
    );
  });

  it('refuses an entry larger than any part before reading it', async () => {
    const small = join(workDir, 'small-entry.tar.gz');
    const archive = createArchive(small);
    await archive.add('data/users/000000.json', Buffer.from('[]'));
    await archive.finish();
    const tar = gunzipSync(readFileSync(small));
    // The header's size field (12 bytes of octal at 124) claims 8 GB; its checksum is redone.
    tar.write('77777777777\0', 124, 'latin1');
    tar.write('        ', 148, 'latin1');
    const sum = tar.subarray(0, 512).reduce((total, byte) => total + byte, 0);
    tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const huge = join(workDir, 'huge-entry.tar.gz');
    writeFileSync(huge, gzipSync(tar));
    await expect(restoreDatabase(await emptyDatabase('pglite'), huge, restoring)).rejects.toThrow(
      /entry data\/users\/000000.json is 8589934591 bytes, more than any backup part/,
    );
  });

  /** An archive as the previous migration's Docket wrote it: one user. */
  async function olderArchive(name: string): Promise<{ file: string; manifest: Manifest }> {
    const older = await emptyDatabase('pglite');
    const olderFile = join(workDir, name);
    try {
      await applyMigrations(older, silentLogger, { through: codeMigrations().at(-2)!.tag });
      await older.db.execute(
        sql`insert into users (id, name, email) values ('old', 'Old', 'old@example.com')`,
      );
      return { file: olderFile, manifest: await backupDatabase(older, olderFile) };
    } finally {
      await older.close();
    }
  }

  it.each<Backend>(['postgres', 'pglite'])(
    'restores an archive from an older schema into %s, empty or already migrated',
    async (kind) => {
      const migrations = codeMigrations();
      const older = await olderArchive(`older-${kind}.tar.gz`);
      expect(older.manifest.schema).toEqual({
        tag: migrations.at(-2)!.tag,
        count: migrations.length - 1,
      });
      for (const target of [await emptyDatabase(kind), await migratedDatabase(kind)]) {
        try {
          await restoreDatabase(target, older.file, restoring);
          const state = await schemaState(target.db);
          expect(state.pending).toEqual([]);
          expect(state.lastApplied).toBe(migrations.at(-1)!.tag);
          const [user] = await rowsOf(target, 'users');
          expect(JSON.parse(user!)).toMatchObject({ id: 'old', email: 'old@example.com' });
        } finally {
          await target.close();
        }
      }
    },
  );

  it('refuses a database holding a table Docket does not know, before dropping anything', async () => {
    const older = await olderArchive('older-shared.tar.gz');
    const target = await migratedDatabase('postgres');
    try {
      await target.db.execute(sql`create table other_app (id int primary key)`);
      await expect(
        restoreDatabase(target, older.file, { ...restoring, force: true }),
      ).rejects.toThrow('table(s) other_app neither backed up nor excluded');
      const { rows } = await target.db.execute<{ present: boolean }>(
        sql`select to_regclass('other_app') is not null and to_regclass('users') is not null as present`,
      );
      expect(rows[0]!.present).toBe(true);
    } finally {
      await target.close();
    }
  });

  it('makes the directory of the archive, and names a file it cannot write in one line', async () => {
    const nested = join(workDir, 'new', 'dir', 'b.tar.gz');
    await backupDatabase(source, nested);
    expect(existsSync(nested)).toBe(true);
    const notADirectory = join(nested, 'b.tar.gz');
    await expect(backupDatabase(source, notADirectory)).rejects.toThrow(
      `cannot write ${notADirectory}: EEXIST`,
    );
    // A directory that exists but takes no new files, even from root: the write itself fails.
    await expect(backupDatabase(source, '/proc/docket.tar.gz')).rejects.toThrow(
      /^cannot write \/proc\/docket\.tar\.gz: E[A-Z]+: .*open/,
    );
  });

  it('fails loudly on a table it neither backs up nor excludes, leaving no file', async () => {
    const database = await migratedDatabase('pglite');
    const dir = mkdtempSync(join(workDir, 'stray-'));
    try {
      await database.db.execute(sql`create table stray_notes (id int primary key)`);
      await expect(backupDatabase(database, join(dir, 'b.tar.gz'))).rejects.toThrow(
        'table(s) stray_notes neither backed up nor excluded',
      );
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

describe.each<Backend>(['pglite', 'postgres'])('backup reads in bounded batches on %s', (kind) => {
  const PART_BYTES = 1.5 * 1024 * 1024;
  const SOURCE_BYTES = 3 * 1024 * 1024;

  it('reads a 3 MB source (6 MB as hex) in statements and parts of at most 1.5 MB', async () => {
    const database = await migratedDatabase(kind);
    const file = join(workDir, `batches-${kind}.tar.gz`);
    try {
      await database.db.execute(
        sql`insert into users (id, name, email) values ('ann', 'Ann', 'ann@example.com')`,
      );
      const source = randomBytes(SOURCE_BYTES);
      await insertDocument(
        database.db,
        { userId: 'ann', title: 'Noise', source: 'upload', kind: 'text', sizeBytes: SOURCE_BYTES },
        { content: source },
      );
      const statements = recordStatements(database);
      const manifest = await backupDatabase(database, file, { partBytes: PART_BYTES });
      const reads = statements.filter((s) => s.text.includes('document_source_parts'));
      const parts = manifest.tables.find((t) => t.name === 'document_source_parts')!.parts;
      // 12 rows of 256 KB, each about 512 KB as hex: one in the first batch, then two a batch.
      expect(parts.map((p) => p.rows)).toEqual([1, 2, 2, 2, 2, 2, 1]);
      for (const part of parts) expect(part.bytes).toBeLessThanOrEqual(PART_BYTES);
      expect(reads.length).toBeGreaterThanOrEqual(parts.length);
      for (const read of reads) expect(read.received).toBeLessThanOrEqual(PART_BYTES);
      expect(existsSync(file)).toBe(true);
    } finally {
      await database.close();
    }
  });
});

describe('docket backup and restore as commands, embedded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docket-backup-cli-'));
  const file = join(dir, 'archives', 'docket.tar.gz');
  const env = async (name: string) => {
    const port = await freePort();
    return {
      DATA_DIR: join(dir, name),
      HEARTBEAT_FILE: join(dir, `${name}-heartbeat.json`),
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
    };
  };
  const docket = async (args: string[], settings: Record<string, string>) => {
    const running = spawnCommand('node', [MAIN, ...args], settings);
    return { code: await running.exited, output: running.output().trim() };
  };
  const serve = async (settings: Record<string, string>) => {
    const running = spawnDocket('all', settings);
    await waitForStatus(`${settings.PUBLIC_URL}/api/health/ready`, 200, running);
    return running;
  };

  beforeAll(() => assertBuilt());
  afterAll(() => killAll());

  it('refuses a running embedded Docket, backs it up stopped, restores it elsewhere', async () => {
    const laptop = await env('laptop');
    const running = await serve(laptop);
    const auth = await signUpOver(laptop.PUBLIC_URL);
    const created = await fetch(`${laptop.PUBLIC_URL}/api/tasks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Carried over' }),
    });
    expect(created.status).toBe(201);
    const refused = await docket(['backup', file], laptop);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/^docket backup: the embedded database in .* is in use/);
    expect(existsSync(dirname(file))).toBe(false);

    expect((await terminate(running)).code).toBe(0);
    expect(await docket(['backup', file], laptop)).toEqual({ code: 0, output: '' });

    const desktop = await env('desktop');
    expect(await docket(['restore', file], desktop)).toEqual({ code: 0, output: '' });
    const again = await docket(['restore', file], desktop);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/^docket restore: the database is not empty \(.*--force[^\n]*$/);

    const restored = await serve(desktop);
    const tasks = await fetch(`${desktop.PUBLIC_URL}/api/tasks`, { headers: auth });
    expect(tasks.status).toBe(200);
    expect(await tasks.json()).toMatchObject({ items: [{ title: 'Carried over' }] });
    await terminate(restored);
  });
});
