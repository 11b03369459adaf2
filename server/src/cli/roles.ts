// The server roles: each is one process of a deployment, chosen by the command (compose, the
// Helm chart and the image run `docket <role>`). Each role's code is imported only when chosen,
// so a worker never loads HTTP code.
import { defineCommand } from './command.js';

const start = defineCommand({
  name: 'start',
  summary: 'API, jobs and web app in one process (embedded; what npm start runs)',
  description:
    'Without DATABASE_URL the data is kept under DATA_DIR (PGlite); without REDIS_URL jobs run in this process.\n' +
    'Applies pending migrations first. `docket all` and `docket` alone are the same command.',
  needs: 'config',
  run: async ({ config }) => (await import('../roles/serve.js')).serveAll(config),
});

export const roleCommands = [
  start,
  { ...start, name: 'all', summary: 'the same as start' },
  defineCommand({
    name: 'api',
    summary: 'HTTP API only; needs DATABASE_URL and REDIS_URL, workers run the jobs',
    needs: 'servers',
    run: async ({ config }) => (await import('../roles/serve.js')).serveApi(config),
  }),
  defineCommand({
    name: 'worker',
    summary: 'runs jobs from Redis; needs DATABASE_URL and REDIS_URL',
    needs: 'servers',
    run: async ({ config }) => (await import('../roles/worker.js')).runWorker(config),
  }),
  defineCommand({
    name: 'migrate',
    summary: 'applies database migrations and exits',
    description:
      'All pending migrations in one transaction, under a lock (concurrent starters apply them once).\n' +
      'Refuses, changing nothing, a database migrated by a newer Docket (exit 1).',
    options: {
      check: {
        type: 'boolean',
        description: 'only list the pending migrations; exit 1 if there are any, 0 if none',
      },
    },
    needs: 'config',
    run: async ({ config, options }) =>
      (await import('../roles/migrate.js')).runMigrate(config, { check: options.check === true }),
  }),
  defineCommand({
    name: 'reembed',
    summary: 're-embeds every document chunk with the configured model, and exits',
    description:
      'Stop the workers first, so that no document is ingested with the old model meanwhile.',
    needs: 'config',
    run: async ({ config }) => (await import('../roles/reembed.js')).runReembed(config),
  }),
  defineCommand({
    name: 'healthcheck',
    summary: 'exits 0 if the role running beside it is healthy',
    description:
      'Reads the heartbeat file (HEARTBEAT_FILE) and, for HTTP roles, asks /api/health/live.',
    needs: 'files',
    run: async ({ config }) => (await import('../roles/healthcheck.js')).runHealthcheck(config),
  }),
];
