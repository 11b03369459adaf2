// A real app on a fresh PostgreSQL database (or PGlite), with helpers to sign users up.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { allJobs } from '../../src/jobs.js';
import { ensureVectorIndex } from '../../src/modules/documents/embedding-settings.js';
import { openQueue, type JobQueue, type JobRunner } from '../../src/queue/index.js';
import { migratedDatabase, redisUrl, silentLogger, testConfig, type Backend } from './databases.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  queue: JobQueue;
  close(): Promise<void>;
}

export interface TestAppOptions {
  kind?: Backend;
  /** Run jobs: in-process, or through BullMQ on this database number of the test Redis. */
  jobs?: 'none' | 'local' | { redisDb: number };
  /** Serve this (migrated) database instead of a new one; closed with the app. */
  database?: Database;
}

export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = options.database ?? (await migratedDatabase(options.kind ?? 'postgres'));
  const jobs = options.jobs ?? 'none';
  const redis: Record<string, string> =
    typeof jobs === 'object' ? { REDIS_URL: redisUrl(jobs.redisDb) } : {};
  const config = testConfig({ AUTH_RATE_LIMIT_PER_MINUTE: '1000', ...redis, ...env });
  await ensureVectorIndex(database.db, config.embeddings.dimensions);
  const queue = await openQueue(config, database.db, silentLogger);
  const runner: JobRunner | undefined =
    jobs === 'none'
      ? undefined
      : await queue.startRunner({
          concurrency: 2,
          leaseMs: config.jobLeaseMs,
          jobs: allJobs,
          deps: { db: database.db, logger: silentLogger, config },
        });
  const app = await buildApp({
    config,
    db: database.db,
    queue,
    logger: silentLogger,
    serveWeb: false,
  });
  return {
    app,
    database,
    queue,
    async close() {
      await app.close();
      await runner?.close(5_000);
      await queue.close();
      await database.close();
    },
  };
}

export const PASSWORD = 'correct horse battery staple';

/** The tools that chat's model and MCP clients are both offered, by name, sorted. */
export const SHARED_TOOL_NAMES = [
  'complete_task',
  'create_task',
  'delete_task',
  'list_tasks',
  'search_documents',
  'update_task',
];

export interface TestUser {
  email: string;
  cookie: string;
  token: string;
  auth: { authorization: string };
}

/** The session cookie (name=value) from a response's set-cookie header. */
export function sessionCookie(setCookie: string | string[] | undefined): string {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const session = cookies.find((c) => c.includes('session_token='));
  if (!session) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return session.split(';')[0]!;
}

/** Signs a new user up; `headers` are sent with each request (e.g. the browser's Origin). */
export async function signUp(
  app: FastifyInstance,
  name: string,
  headers: Record<string, string> = {},
): Promise<TestUser> {
  const email = `${name}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    payload: { email, password: PASSWORD, name },
    headers,
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookie(response.headers['set-cookie']);
  const created = await app.inject({
    method: 'POST',
    url: '/api/tokens',
    headers: { cookie, ...headers },
    payload: { name: 'test' },
  });
  const token = created.json<{ token: string }>().token;
  return { email, cookie, token, auth: { authorization: `Bearer ${token}` } };
}

export async function call(
  app: FastifyInstance,
  user: TestUser | undefined,
  options: InjectOptions,
) {
  return app.inject({ ...options, headers: { ...options.headers, ...(user?.auth ?? {}) } });
}

/** `user`'s account id, as an administrator finds it in the Users list. */
export async function userIdOf(app: FastifyInstance, admin: TestUser, user: TestUser) {
  const listed = await call(app, admin, { url: '/api/users' });
  if (listed.statusCode !== 200) throw new Error(`listing users: ${listed.statusCode}`);
  const users = listed.json<{ items: { id: string; email: string }[] }>().items;
  return users.find((u) => u.email === user.email)!.id;
}
