// The modules' start-up hooks through the real roles, which run them without knowing the
// modules: every role that serves or takes jobs refuses chunks embedded by another model (exit
// 1, the message that says how to switch over), embedded and on PostgreSQL; the roles that
// migrate create the vector index for the configured size, and re-embed chunks of an older
// offline embedding themselves.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { users } from '../src/modules/auth/tables.js';
import { hashEmbedding } from '../src/llm/hash-embedding.js';
import {
  recordedEmbeddings,
  recordEmbeddings,
} from '../src/modules/documents/embedding-settings.js';
import { documentChunks, documents } from '../src/modules/documents/tables.js';
import { createPostgresDatabase, redisUrl, silentLogger, testConfig } from './support/databases.js';
import {
  assertBuilt,
  freePort,
  killAll,
  spawnDocket,
  terminate,
  waitForStatus,
} from './support/processes.js';

const SECRET = 'startup-hooks-test-secret-that-is-long-enough-0123456789';

/** Another model than the offline one that the stored chunk was embedded with. */
const SWITCHED = {
  EMBEDDINGS_PROVIDER: 'openai',
  EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9/v1',
  EMBEDDINGS_MODEL: 'other-embed',
  EMBEDDINGS_DIMENSIONS: '64',
};
const REFUSAL =
  /the stored document chunks were embedded with offline:offline-hash-v2 \(384 dimensions\), but the configuration says openai:other-embed \(64 dimensions\)\. Mixing them would break search\./;

/** The offline embedding before bench:quality: every word as written, and its trigrams. */
const OFFLINE_V1 = { provider: 'offline', model: 'offline-hash-v1', dimensions: 384 } as const;

/** One chunk embedded by the offline model (or `offline`), recorded as ingestion records it. */
async function storeOfflineChunk(database: Database, offline = testConfig().embeddings) {
  await database.db.insert(users).values({ id: 'u1', name: 'Ann', email: 'ann@example.com' });
  const [document] = await database.db
    .insert(documents)
    .values({ userId: 'u1', title: 'Owls', source: 'text', status: 'ready' })
    .returning({ id: documents.id });
  await database.db.insert(documentChunks).values({
    documentId: document!.id,
    userId: 'u1',
    chunkIndex: 0,
    text: 'Barn owls hunt by sound alone.',
    embedding: Array.from({ length: offline.dimensions }, (_, i) => (i === 0 ? 1 : 0)),
    embeddingModel: `${offline.provider}:${offline.model}`,
    dimensions: offline.dimensions,
  });
  await recordEmbeddings(database.db, offline);
}

async function vectorIndexes(databaseUrl: string): Promise<string[]> {
  const database = await openDatabase(testConfig({ DATABASE_URL: databaseUrl }), silentLogger);
  try {
    const rows = await database.db.execute<{ name: string }>(
      sql`select indexname as name from pg_indexes where indexname like 'document_chunks_embedding_%' order by 1`,
    );
    return rows.rows.map((row) => row.name);
  } finally {
    await database.close();
  }
}

/** Environment for a role that must not get as far as serving: its port and files are its own. */
async function roleEnv(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'docket-startup-'));
  return {
    AUTH_SECRET: SECRET,
    PORT: String(await freePort()),
    METRICS_PORT: '0',
    HEARTBEAT_FILE: join(dir, 'heartbeat'),
    ...env,
  };
}

beforeAll(() => assertBuilt());
afterAll(() => killAll());

describe('on PostgreSQL', () => {
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await createPostgresDatabase();
    const database = await openDatabase(testConfig({ DATABASE_URL: databaseUrl }), silentLogger);
    await applyMigrations(database, silentLogger);
    await storeOfflineChunk(database);
    await database.close();
  });

  it.each(['all', 'api', 'worker'])(
    'the %s role refuses chunks of another embedding model, and exits 1',
    async (role) => {
      const started = spawnDocket(
        role,
        await roleEnv({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl(9), ...SWITCHED }),
      );
      expect(await started.exited, started.output()).toBe(1);
      expect(started.output()).toMatch(REFUSAL);
    },
  );

  it('the migrate role creates the vector index for the configured size', async () => {
    expect(await vectorIndexes(databaseUrl)).not.toContain('document_chunks_embedding_48_idx');
    const migrate = spawnDocket(
      'migrate',
      await roleEnv({ DATABASE_URL: databaseUrl, ...SWITCHED, EMBEDDINGS_DIMENSIONS: '48' }),
    );
    expect(await migrate.exited, migrate.output()).toBe(0);
    expect(await vectorIndexes(databaseUrl)).toContain('document_chunks_embedding_48_idx');
  });

  it('the all role creates the index for its size and starts when no chunk needs another model', async () => {
    const fresh = await createPostgresDatabase();
    const env = await roleEnv({ DATABASE_URL: fresh, ...SWITCHED });
    const all = spawnDocket('all', env);
    await waitForStatus(`http://127.0.0.1:${env.PORT}/api/health/ready`, 200, all);
    expect(await vectorIndexes(fresh)).toEqual(['document_chunks_embedding_64_idx']);
    expect((await terminate(all)).code, all.output()).toBe(0);
  });

  it('chunks of an older offline embedding: the worker waits for migrate, which re-embeds them', async () => {
    const upgraded = await createPostgresDatabase();
    const config = testConfig({ DATABASE_URL: upgraded });
    const database = await openDatabase(config, silentLogger);
    try {
      await applyMigrations(database, silentLogger);
      await storeOfflineChunk(database, OFFLINE_V1);

      const worker = spawnDocket(
        'worker',
        await roleEnv({ DATABASE_URL: upgraded, REDIS_URL: redisUrl(9) }),
      );
      expect(await worker.exited, worker.output()).toBe(1);
      expect(worker.output()).toMatch(
        /embedded with offline:offline-hash-v1, an older version of the offline embedding than this one \(offline:offline-hash-v2\)\. The `migrate` role re-embeds them/,
      );

      const migrate = spawnDocket('migrate', await roleEnv({ DATABASE_URL: upgraded }));
      expect(await migrate.exited, migrate.output()).toBe(0);
      expect(migrate.output()).toMatch(/the offline embedding changed: re-embedding every chunk/);
      const [chunk] = await database.db
        .select()
        .from(documentChunks)
        .where(eq(documentChunks.userId, 'u1'));
      expect(chunk).toMatchObject({ embeddingModel: 'offline:offline-hash-v2', dimensions: 384 });
      chunk!.embedding.forEach((value, i) =>
        expect(value).toBeCloseTo(hashEmbedding(chunk!.text, 384)[i]!, 5),
      );
      expect(await recordedEmbeddings(database.db)).toMatchObject({
        embeddingModel: 'offline:offline-hash-v2',
      });
    } finally {
      await database.close();
    }
  });
});

describe('embedded (PGlite)', () => {
  it('the all role refuses chunks of another embedding model, and exits 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'docket-startup-embedded-'));
    const database = await openDatabase(testConfig({ DATA_DIR: dataDir }), silentLogger);
    await applyMigrations(database, silentLogger);
    await storeOfflineChunk(database);
    await database.close();

    const started = spawnDocket('all', await roleEnv({ DATA_DIR: dataDir, ...SWITCHED }));
    expect(await started.exited, started.output()).toBe(1);
    expect(started.output()).toMatch(REFUSAL);
  });
});
