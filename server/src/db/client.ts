// The one place that builds the database client: PGlite under DATA_DIR when DATABASE_URL is
// unset, a PostgreSQL pool otherwise. Both speak the same SQL and run the same migrations.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Logger } from '../lib/logger.js';
import { retryWhileStarting } from '../lib/time.js';
import { copyPgliteTemplate } from './pglite-template.js';
import * as schema from './schema.js';

/** Both drivers return `{ rows }` from raw queries; this types it once for either. */
export interface RowsResult<Row> {
  rows: Row[];
}
export interface RowsResultHKT extends PgQueryResultHKT {
  type: RowsResult<this['row']>;
}

export type Db = PgDatabase<RowsResultHKT, typeof schema>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs `work` on one dedicated connection, as session-level locks need. */
  exclusive<T>(work: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;

const embeddedDbs = new WeakSet<Db>();
/** Whether `db` is the embedded database (PGlite), for the few queries written for it apart. */
export const isEmbedded = (db: Db) => embeddedDbs.has(db);

/**
 * Session settings for every connection. pgvector's HNSW scan returns at most ef_search rows,
 * and without an iterative scan a filter (one user's chunks) could leave fewer than asked.
 * ef_search stays 100: more costs latency on large tables and, on tables of about 10k chunks,
 * makes the planner sort every chunk instead of using the index (docs/performance.md#search-recall).
 */
export const SESSION_SETTINGS: Record<string, string> = {
  'hnsw.ef_search': '100',
  'hnsw.iterative_scan': 'relaxed_order',
};

/**
 * Given on PGlite's command line, after its own defaults (its `postgresqlconf` option would
 * replace the data directory's postgresql.conf instead). PostgreSQL's 128 MB of shared buffers
 * live in the WebAssembly memory, which never shrinks: 16 MB keeps a restarted embedded server
 * near 160 MB resident instead of 300 MB. Pages beyond them stay in the operating system's file
 * cache, so reads stay cheap (docs/performance.md has the figures).
 */
const PGLITE_SETTINGS = [
  '-c',
  'shared_buffers=16MB',
  // Statements are prepared once (pglite-statements.ts) but still planned for each run's
  // values, as unnamed ones are: a generic plan could differ from the one each run gets today.
  '-c',
  'plan_cache_mode=force_custom_plan',
];

async function openPglite(dataDir: string | undefined): Promise<Database> {
  // pglite-statements.js imports PGlite's protocol, so it is loaded here too, never statically.
  const [{ PGlite }, { vector }, { prepareStatements }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/vector'),
    import('./pglite-statements.js'),
  ]).catch((error: unknown) => {
    // The container images leave the embedded database out: they run with a server.
    throw new Error('the embedded database (PGlite) is not installed here: set DATABASE_URL', {
      cause: error,
    });
  });
  const { drizzle } = await import('drizzle-orm/pglite');
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    if (!existsSync(join(dataDir, 'PG_VERSION'))) copyPgliteTemplate(dataDir);
  }
  const client = await PGlite.create({
    dataDir,
    extensions: { vector },
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
  });
  for (const [name, value] of Object.entries(SESSION_SETTINGS))
    await client.exec(`SET ${name} = '${value}'`);
  prepareStatements(client);
  const db = drizzle(client, { schema }) as unknown as Db;
  embeddedDbs.add(db);
  return {
    kind: 'pglite',
    db,
    // PGlite has a single connection: every call is already exclusive.
    exclusive: (work) => work(db),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, poolMax: number, logger: Logger): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    options: Object.entries(SESSION_SETTINGS)
      .map(([name, value]) => `-c ${name}=${value}`)
      .join(' '),
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, an idle client's error (a database restart) would crash the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async exclusive(work) {
      const client = await pool.connect();
      try {
        return await work(drizzle(client, { schema }));
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export interface DatabaseOptions {
  /** PGlite only: keep the data in memory (tests). */
  inMemory?: boolean;
}

/** Where the embedded database lives under DATA_DIR. */
const embeddedDatabaseDir = (dataDir: string) => join(dataDir, 'pglite');

/** Whether DATA_DIR holds an embedded database yet (opening one creates it). */
export const embeddedDatabaseExists = (dataDir: string) =>
  existsSync(join(embeddedDatabaseDir(dataDir), 'PG_VERSION'));

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'databasePoolMax' | 'dataDir'>,
  logger: Logger,
  options: DatabaseOptions = {},
): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.databasePoolMax, logger);
  return openPglite(options.inMemory ? undefined : embeddedDatabaseDir(config.dataDir));
}

export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/** Errors of a server that is not up yet (refused, unknown host, starting or shutting down). */
const TRANSIENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  '57P03',
  '57P01',
]);

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT.has(code)) return code;
  }
  return undefined;
}

/**
 * Waits for a database server that is starting (a restart, a stack coming up), at most
 * `timeoutMs`; any other error, or the deadline, is thrown at once.
 */
export const waitForDatabase = (db: Db, logger: Logger, timeoutMs?: number): Promise<void> =>
  retryWhileStarting(() => pingDatabase(db), {
    timeoutMs,
    transient: (error) => errorCode(error) !== undefined,
    onWait: (error) => logger.info({ code: errorCode(error) }, 'waiting for the database'),
  });
