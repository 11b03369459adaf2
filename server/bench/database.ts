// The benchmarks' database: a PostgreSQL 17 + pgvector container (the server path), or the
// embedded PGlite with BENCH_DB=pglite. Docker must be running for the first.
import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { RedisContainer } from '@testcontainers/redis';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { createLogger } from '../src/lib/logger.js';
import { ensureVectorIndex } from '../src/modules/documents/embedding-settings.js';
import { users } from '../src/modules/auth/tables.js';

export const logger = createLogger({ logLevel: 'warn' }, 'bench');

/** PostgreSQL + pgvector and Redis (noeviction, as BullMQ requires) as the Compose stack runs
 * them, addressed on 127.0.0.1: the servers behind the api and worker benchmarks. */
export async function startServerContainers() {
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const [postgres, redis] = await Promise.all([
    new PostgreSqlContainer('pgvector/pgvector:pg17').start(),
    new RedisContainer('redis:8')
      .withCommand(['redis-server', '--maxmemory-policy', 'noeviction'])
      .start(),
  ]);
  const loopback = (url: string) =>
    url.replace('@localhost:', '@127.0.0.1:').replace('//localhost:', '//127.0.0.1:');
  return {
    databaseUrl: loopback(postgres.getConnectionUri()),
    redisUrl: loopback(redis.getConnectionUrl()),
    stop: async () => {
      await Promise.all([postgres.stop(), redis.stop()]);
    },
  };
}

/** `env`: more settings for the benchmark's configuration (an embedding model, a reranker). */
export async function benchDatabase(env: Record<string, string | undefined> = {}) {
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const kind = process.env.BENCH_DB === 'pglite' ? 'pglite' : 'postgres';
  let container: StartedPostgreSqlContainer | undefined;
  let url: string | undefined;
  if (kind === 'postgres') {
    container = await new PostgreSqlContainer('pgvector/pgvector:pg17')
      .withCommand(['postgres', '-c', 'shared_buffers=512MB', '-c', 'maintenance_work_mem=512MB'])
      // Parallel HNSW builds keep their work memory in /dev/shm (64 MB by default in a container).
      .withSharedMemorySize(1024 * 1024 * 1024)
      .start();
    url = container.getConnectionUri().replace('@localhost:', '@127.0.0.1:');
  }
  const config = loadConfig({
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    DATA_DIR: '/nonexistent-bench',
    LOG_LEVEL: 'warn',
    ...env,
    ...(url ? { DATABASE_URL: url } : {}),
  });
  const database: Database = await openDatabase(config, logger, { inMemory: true });
  await applyMigrations(database, logger);
  await ensureVectorIndex(database.db, config.embeddings.dimensions);
  await database.db.insert(users).values([
    { id: 'bench-user', name: 'Bench', email: 'bench@example.com' },
    { id: 'other-user', name: 'Other', email: 'other@example.com' },
  ]);
  return {
    kind,
    config,
    database,
    async close() {
      await database.close();
      await container?.stop();
    },
  };
}
