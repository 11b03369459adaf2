import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from './src/db/client.js';
import { applyMigrations } from './src/db/migrate.js';
import { insertJobs, recordAndClaim } from './src/queue/local-queries.js';
import { selectTasks } from './src/modules/tasks/queries.js';
import { tasks } from './src/modules/tasks/tables.js';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
const logger = { info() {}, warn() {}, error() {}, debug() {}, child() { return logger; } } as never;
rmSync('/tmp/perfx/pq', { recursive: true, force: true });
const database = await openDatabase({ dataDir: '/tmp/perfx/pq' } as never, logger);
await applyMigrations(database, logger);
const { db } = database;
const client = (db as unknown as { $client: PGlite }).$client;
const named = client.query;
const unnamed = PGlite.prototype.query;
await db.execute(sql`insert into users (id, name, email, email_verified, created_at, updated_at) values ('u1', 'U', 'u@x', true, now(), now())`);
for (let i = 0; i < 50; i++) await db.insert(tasks).values({ userId: 'u1', title: `Task ${i}`, notes: 'a note', tags: ['bench'], dueDate: '2030-01-01' });
const fill = () => insertJobs(db, Array.from({ length: 200 }, () => ({ id: randomUUID(), name: 'noop', payload: {}, maxAttempts: 1, backoffMs: 0 })));
const claim = () => recordAndClaim(db, [{ id: randomUUID(), state: 'completed', result: null }, { id: randomUUID(), state: 'completed', result: null }], ['noop'], 2, 30000);
const page = () => selectTasks(db, 'u1', { limit: 51 });
const modes = [
  ['unnamed (today)', unnamed, 'auto'],
  ['named, plan auto', named, 'auto'],
  ['named, custom plans', named, 'force_custom_plan'],
] as const;
for (let round = 0; round < 3; round++)
  for (const [label, q, mode] of modes) {
    client.query = q; await client.exec(`set plan_cache_mode = ${mode}`);
    await fill();
    for (const [what, f] of [['claim', claim], ['tasks page', page]] as const) {
      const cpu = process.cpuUsage();
      for (let i = 0; i < 100; i++) await f();
      const c = process.cpuUsage(cpu);
      console.log(round, label.padEnd(20), what.padEnd(10), ((c.user + c.system) / 100 / 1000).toFixed(2), 'ms cpu');
    }
  }
await database.close();
