#!/usr/bin/env node
// Entry point: `node dist/main.js <role>`. The role is chosen here, by the command, and
// each role's code is imported only when chosen, so a worker never loads HTTP code.
import { ConfigError, loadConfig, parseConfig, type Config } from './config.js';

type Role = (config: Config) => Promise<void>;

const ROLES: Record<string, () => Promise<Role>> = {
  all: async () => (await import('./roles/serve.js')).serveAll,
  api: async () => (await import('./roles/serve.js')).serveApi,
  worker: async () => (await import('./roles/worker.js')).runWorker,
  migrate: async () => (await import('./roles/migrate.js')).runMigrate,
  reembed: async () => (await import('./roles/reembed.js')).runReembed,
  healthcheck: async () => (await import('./roles/healthcheck.js')).runHealthcheck,
};

const USAGE = `usage: docket <role>
  all          API, jobs and web app in one process (embedded; what npm start runs)
  api          HTTP API only; needs DATABASE_URL and REDIS_URL, workers run the jobs
  worker       runs jobs from Redis; needs DATABASE_URL and REDIS_URL
  migrate      applies database migrations and exits
  reembed      re-embeds every document chunk with the configured model, and exits
  healthcheck  exits 0 if the role running beside it is healthy`;

/** Roles that run as several processes: they need a database server and Redis. */
const NEEDS_SERVERS = new Set(['api', 'worker']);

function configFor(role: string): Config {
  // The health check only reads files and must not create the embedded secret.
  const config =
    role === 'healthcheck' ? { ...parseConfig(process.env), authSecret: '' } : loadConfig();
  // Several api and worker processes share one database and one queue: never embedded ones.
  const problems: string[] = [];
  if (NEEDS_SERVERS.has(role) && !config.redisUrl)
    problems.push(`REDIS_URL: required by the ${role} role (without Redis, run the all role)`);
  if (NEEDS_SERVERS.has(role) && !config.databaseUrl)
    problems.push(
      `DATABASE_URL: required by the ${role} role (the embedded database is for the all role)`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

async function main() {
  const role = process.argv[2] ?? 'all';
  const load = ROLES[role];
  if (!load) {
    console.error(`unknown role "${role}"\n${USAGE}`);
    process.exit(2);
  }
  let config: Config;
  try {
    config = configFor(role);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`docket: cannot start, ${error.message}`);
    process.exit(1);
  }
  await (
    await load()
  )(config);
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'failed to start', err: String(error) }));
  process.exit(1);
});
