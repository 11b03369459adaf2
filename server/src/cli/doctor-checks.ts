// The checks of `docket doctor`, in order. Each says ok, or what is wrong and how to fix it;
// a check that needs an earlier one that failed is skipped. None changes anything.
import { existsSync } from 'node:fs';
import { access, constants, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError, parseConfig, type Config } from '../config.js';
import { openDatabase, pingDatabase, type Database } from '../db/client.js';
import { schemaProblem, schemaState } from '../db/schema-state.js';
import { createLogger } from '../lib/logger.js';
import { healthProblem } from '../roles/healthcheck.js';

export type CheckResult =
  | { status: 'ok'; detail: string }
  | { status: 'problem'; detail: string; fix: string }
  | { status: 'skipped'; detail: string };

/** What the checks learn as they go. */
export interface DoctorState {
  config?: Omit<Config, 'authSecret'>;
  database?: Database;
  /** An embedded database open in a running docket: it answers for the schema. */
  databaseInUse?: boolean;
}

export interface Check {
  name: string;
  run(state: DoctorState): Promise<CheckResult>;
}

/** PostgreSQL stops when its disk is full; below this much, uploads will soon fail. */
const MIN_FREE_BYTES = 1024 ** 3;
const ENDPOINT_TIMEOUT_MS = 5_000;

const ok = (detail: string): CheckResult => ({ status: 'ok', detail });
const problem = (detail: string, fix: string): CheckResult => ({ status: 'problem', detail, fix });
const skipped = (detail: string): CheckResult => ({ status: 'skipped', detail });
/** The innermost cause's message: "connect ECONNREFUSED …" says more than "fetch failed". */
function message(error: unknown): string {
  let innermost = error;
  while (innermost instanceof Error && innermost.cause instanceof Error)
    innermost = innermost.cause;
  return innermost instanceof Error ? innermost.message : String(innermost);
}
const quiet = createLogger({ logLevel: 'silent' }, 'doctor');

/** Where a database URL points, without its credentials. */
function serverOf(url: string): string {
  const { host, pathname } = new URL(url);
  return `${host}${pathname}`;
}

const configuration: Check = {
  name: 'configuration',
  async run(state) {
    try {
      state.config = parseConfig(process.env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return problem(
        error.problems.join('; '),
        'correct these variables (README.md, Configuration)',
      );
    }
    const { databaseUrl, redisUrl, dataDir } = state.config;
    const database = databaseUrl
      ? `PostgreSQL at ${serverOf(databaseUrl)}`
      : `embedded database in ${dataDir}`;
    return ok(`${database}; jobs ${redisUrl ? 'in Redis' : 'in this process'}`);
  },
};

/** The data directory, or its nearest existing parent when it is not made yet. */
function existingAncestor(path: string): string {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const dataDirectory: Check = {
  name: 'data directory',
  async run({ config }) {
    if (!config) return skipped('needs a valid configuration');
    if (config.databaseUrl) return ok('not used for data: the database is PostgreSQL');
    const dir = existingAncestor(config.dataDir);
    try {
      await access(dir, constants.W_OK);
    } catch {
      return problem(
        `${dir} is not writable`,
        `give the user running docket write access, or set DATA_DIR`,
      );
    }
    const { bavail, bsize } = await statfs(dir);
    const free = bavail * bsize;
    const gib = (free / 1024 ** 3).toFixed(1);
    if (free < MIN_FREE_BYTES)
      return problem(
        `${gib} GiB free at ${dir}`,
        'free some space, or move DATA_DIR to a larger disk',
      );
    return ok(`${config.dataDir}, ${gib} GiB free`);
  },
};

const database: Check = {
  name: 'database',
  async run(state) {
    const { config } = state;
    if (!config) return skipped('needs a valid configuration');
    if (!config.databaseUrl) {
      if (!existsSync(join(config.dataDir, 'pglite')))
        return ok('not created yet: docket start makes it');
      if ((await healthProblem(config)) === undefined) {
        state.databaseInUse = true;
        return ok('in use by the docket running beside (it reports on it at /api/health/ready)');
      }
    }
    let opened: Database | undefined;
    try {
      opened = await openDatabase(config, quiet);
      await pingDatabase(opened.db);
    } catch (error) {
      await opened?.close();
      return problem(
        `cannot reach it: ${message(error)}`,
        config.databaseUrl
          ? 'check DATABASE_URL, and that PostgreSQL is running and accepts this user'
          : `check that ${config.dataDir}/pglite is a Docket data directory`,
      );
    }
    state.database = opened;
    return ok(config.databaseUrl ? `PostgreSQL answers` : 'the embedded database opens');
  },
};

const schema: Check = {
  name: 'schema',
  async run({ database, databaseInUse }) {
    if (databaseInUse) return skipped('the running docket checks it');
    if (!database) return skipped('needs the database');
    const state = await schemaState(database.db);
    const wrong = schemaProblem(state);
    if (!wrong) return ok(`current (${state.lastApplied ?? 'no migrations'})`);
    return problem(
      wrong,
      state.unknown.length > 0
        ? 'run the newer Docket, or restore a backup made by this version'
        : 'run docket migrate (the embedded docket start does it)',
    );
  },
};

const embeddingsSettings: Check = {
  name: 'embeddings',
  async run({ config, database }) {
    if (!config || !database) return skipped('needs the database');
    const { assertEmbeddingsMatch, EmbeddingMismatchError } =
      await import('../modules/documents/embedding-settings.js');
    try {
      await assertEmbeddingsMatch(database.db, config.embeddings);
    } catch (error) {
      if (!(error instanceof EmbeddingMismatchError)) throw error;
      return problem(error.message, 'set EMBEDDINGS_* back, or run docket reembed');
    }
    return ok(`${config.embeddings.model}, ${config.embeddings.dimensions} dimensions, as stored`);
  },
};

const redis: Check = {
  name: 'redis',
  async run({ config }) {
    if (!config) return skipped('needs a valid configuration');
    if (!config.redisUrl) return ok('not used: jobs run in this process');
    // The Redis client as the queue imports it (a bundled import() of ioredis, CommonJS, would
    // have no named exports: scripts/bundle.ts).
    const { Redis, evictionProblem, maxmemoryPolicy } = await import('../queue/bullmq.js');
    const client = new Redis(config.redisUrl, {
      lazyConnect: true,
      connectTimeout: ENDPOINT_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // The connection's own error says why (refused, unknown host); connect() only that it closed.
    let connectionError: unknown;
    client.on('error', (error) => (connectionError = error));
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      client.disconnect();
      return problem(
        `cannot reach it: ${message(connectionError ?? error)}`,
        'check REDIS_URL, and that Redis is running',
      );
    }
    try {
      const policy = await maxmemoryPolicy(client);
      const evicts = evictionProblem(policy);
      if (evicts) return problem(evicts, 'set maxmemory-policy noeviction in Redis');
      return ok(`answers; maxmemory-policy ${policy ?? 'unknown'}`);
    } catch {
      return ok(
        'answers; its maxmemory-policy cannot be read (CONFIG disabled): make sure it is noeviction',
      );
    } finally {
      client.disconnect();
    }
  },
};

/** An OpenAI-compatible API answers its model list; 401/403 means the key is refused. */
async function endpointCheck(
  baseUrl: string,
  apiKey: string | undefined,
  settings: { url: string; key: string },
): Promise<CheckResult> {
  let status: number;
  try {
    const response = await fetch(`${baseUrl}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(ENDPOINT_TIMEOUT_MS),
    });
    await response.body?.cancel();
    status = response.status;
  } catch (error) {
    return problem(
      `${baseUrl} does not answer: ${message(error)}`,
      `check ${settings.url}, and that the model server is running`,
    );
  }
  if (status === 401 || status === 403)
    return problem(`${baseUrl} refuses the key (${status})`, `check ${settings.key}`);
  return ok(`${baseUrl} answers (${status} at /models)`);
}

const chatModel: Check = {
  name: 'chat model',
  async run({ config }) {
    if (!config) return skipped('needs a valid configuration');
    const { models } = config.chat;
    if (models.length === 0) return ok('offline: no model, answers from search');
    const results = await Promise.all(
      models.map(async (m) => {
        const result = await endpointCheck(m.baseUrl, m.apiKey, {
          url: `the base URL of the model "${m.id}" (CHAT_MODELS or CHAT_BASE_URL)`,
          key: `the key of the model "${m.id}" (CHAT_MODEL_KEYS or CHAT_API_KEY)`,
        });
        return models.length > 1 ? { ...result, detail: `${m.id}: ${result.detail}` } : result;
      }),
    );
    return results.find((r) => r.status !== 'ok') ?? ok(results.map((r) => r.detail).join('; '));
  },
};

const embeddingsModel: Check = {
  name: 'embeddings model',
  async run({ config }) {
    if (!config) return skipped('needs a valid configuration');
    const { embeddings } = config;
    if (embeddings.provider === 'offline') return ok('offline hashing: no model server');
    return endpointCheck(embeddings.baseUrl, embeddings.apiKey, {
      url: 'EMBEDDINGS_BASE_URL',
      key: 'EMBEDDINGS_API_KEY',
    });
  },
};

export const CHECKS: readonly Check[] = [
  configuration,
  dataDirectory,
  database,
  schema,
  embeddingsSettings,
  redis,
  chatModel,
  embeddingsModel,
];
