// npm run bench:backup — backup and restore of a small and a large database side by side, to
// show that the process's memory does not grow with the database: the peak resident memory
// above the start of each run, the archive's size and the time. The data is document source
// parts of random bytes (what dominates a real database), in PostgreSQL 17 in a container
// (the process's memory is then Docket's alone); the restore goes into a new database there.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { backupDatabase, restoreDatabase } from '../src/modules/backup/service.js';
import { benchDatabase, logger } from './database.js';

const SIZES_MB = (process.env.BENCH_BACKUP_MB ?? '32,256').split(',').map(Number);
/** Each part: 128 KB of random bytes (the database stores sources in 256 KB parts at most). */
const PART_BYTES = 128 * 1024;

/** Runs `work`, sampling the resident memory; returns its peak above the start, and the time. */
async function measured<T>(work: () => Promise<T>) {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const began = performance.now();
  const result = await work();
  const seconds = (performance.now() - began) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, seconds, peakMb: (peak - start) / 2 ** 20 };
}

async function newDatabaseUrl(serverUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const bench = await benchDatabase();
if (bench.kind !== 'postgres') throw new Error('bench:backup measures on PostgreSQL only');
const dir = mkdtempSync(join(tmpdir(), 'docket-bench-backup-'));
const rows: string[][] = [];
try {
  const { db } = bench.database;
  const [doc] = (
    await db.execute<{ id: string }>(
      sql`insert into documents (user_id, title, source, status) values ('bench-user', 'Noise', 'upload', 'ready') returning id`,
    )
  ).rows;
  let parts = 0;
  for (const megabytes of SIZES_MB) {
    const wanted = Math.ceil((megabytes * 2 ** 20) / PART_BYTES);
    for (; parts < wanted; parts += 64)
      await db.execute(sql`
        insert into document_source_parts (document_id, part, content)
        select ${doc!.id}, n, decode((select string_agg(md5(random()::text || n || g), '')
          from generate_series(1, ${PART_BYTES / 16}::int) g), 'hex')
        from generate_series(${parts}::int, ${Math.min(parts + 64, wanted) - 1}::int) n`);
    const file = join(dir, `${megabytes}.tar.gz`);
    const backup = await measured(() => backupDatabase(bench.database, file));
    const target = await openDatabase(
      {
        ...bench.config,
        databaseUrl: await newDatabaseUrl(bench.config.databaseUrl!, `r${megabytes}`),
      },
      logger,
    );
    const restore = await measured(() => restoreDatabase(target, file, { force: false, logger }));
    await target.close();
    rows.push([
      `${megabytes} MB (${wanted} parts)`,
      `${(statSync(file).size / 2 ** 20).toFixed(0)} MB`,
      `${backup.seconds.toFixed(1)} s, +${backup.peakMb.toFixed(0)} MB`,
      `${restore.seconds.toFixed(1)} s, +${restore.peakMb.toFixed(0)} MB`,
    ]);
    rmSync(file);
  }
} finally {
  await bench.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log('\nbackup and restore, PostgreSQL 17 (time, peak resident memory above the start)');
console.table(rows.map(([data, archive, backup, restore]) => ({ data, archive, backup, restore })));
