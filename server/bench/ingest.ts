// npm run bench:ingest — documents/s and chunks/s through the real ingestion job (extract,
// chunk, offline embeddings, store), run by the job runner as the worker runs it.
import { availableParallelism } from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { fullAccess } from '../src/access/actor.js';
import { allJobs } from '../src/jobs.js';
import { documents } from '../src/modules/documents/tables.js';
import { addText, addUpload } from '../src/modules/documents/service.js';
import { openQueue } from '../src/queue/index.js';
import { makePdf } from '../test/support/pdf.js';
import { passage, seededRandom } from './corpus.js';
import { benchDatabase, logger } from './database.js';

const TEXT_DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 200);
const PDF_DOCUMENTS = Number(process.env.BENCH_PDFS ?? 4);
const PDF_PAGES = 50;

async function untilSettled(
  db: Awaited<ReturnType<typeof benchDatabase>>['database']['db'],
  expected: number,
) {
  for (;;) {
    const rows = await db.execute<{ ready: number; failed: number; chunks: number }>(
      sql`select count(*) filter (where status = 'ready')::int as ready, count(*) filter (where status = 'failed')::int as failed,
                 coalesce(sum(chunk_count), 0)::int as chunks from documents`,
    );
    const { ready, failed, chunks } = rows.rows[0]!;
    if (failed > 0) throw new Error(`${failed} documents failed`);
    if (ready >= expected) return chunks;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function run(
  label: string,
  bench: Awaited<ReturnType<typeof benchDatabase>>,
  add: () => Promise<number>,
) {
  const { db } = bench.database;
  await db.delete(documents).where(eq(documents.userId, 'bench-user'));
  const started = performance.now();
  const count = await add();
  const chunks = await untilSettled(db, count);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label}: documents=${count} chunks=${chunks} seconds=${seconds.toFixed(2)} ` +
      `documents/s=${(count / seconds).toFixed(1)} chunks/s=${(chunks / seconds).toFixed(0)}`,
  );
}

async function main() {
  const bench = await benchDatabase();
  const { config } = bench;
  const { db } = bench.database;
  const queue = await openQueue({ redisUrl: undefined }, db, logger);
  const runner = await queue.startRunner({
    concurrency: config.workerConcurrency,
    jobs: allJobs,
    deps: { db, logger, config },
  });
  console.log(
    `bench:ingest on ${bench.kind}, ${availableParallelism()} cores, WORKER_CONCURRENCY=${config.workerConcurrency}, offline embeddings`,
  );

  const random = seededRandom(7);
  await run('text (~20 chunks each)', bench, async () => {
    for (let i = 0; i < TEXT_DOCUMENTS; i += 1) {
      const text = Array.from({ length: 20 }, () => passage(random, 1000)).join('\n\n');
      await addText(db, queue, fullAccess('bench-user'), { title: `Text ${i}`, text });
    }
    return TEXT_DOCUMENTS;
  });

  const pdf = await makePdf(
    Array.from({ length: PDF_PAGES }, () => Array.from({ length: 30 }, () => passage(random, 80))),
  );
  await run(`pdf (${PDF_PAGES} pages each)`, bench, async () => {
    for (let i = 0; i < PDF_DOCUMENTS; i += 1)
      await addUpload(db, queue, fullAccess('bench-user'), { name: `report-${i}.pdf`, bytes: pdf });
    return PDF_DOCUMENTS;
  });

  await runner.close(10_000);
  await queue.close();
  await bench.close();
}

await main();
