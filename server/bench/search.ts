// npm run bench:search — hybrid search latency (p50/p95) at 10k and 100k chunks, with the
// offline embeddings. Chunks are inserted directly (with their embeddings), the HNSW index
// is built, then the same seeded queries are timed through the search service. Recall@10: the
// ten nearest chunks the HNSW index returns, against an exact (sequential) scan's ten.
import { availableParallelism } from 'node:os';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.js';
import { hashEmbedding } from '../src/llm/hash-embedding.js';
import { ensureVectorIndex } from '../src/modules/documents/embedding-settings.js';
import { documentChunks, documents } from '../src/modules/documents/tables.js';
import { searchDocuments } from '../src/modules/search/service.js';
import { benchDatabase } from './database.js';
import { passage, percentile, seededRandom, sentence } from './corpus.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const CHUNKS_PER_DOCUMENT = 50;
/** Queries whose recall is measured (an exact scan each: slow at 100k on purpose). */
const RECALL_QUERIES = Number(process.env.BENCH_RECALL_QUERIES ?? 100);

async function fill(bench: Awaited<ReturnType<typeof benchDatabase>>, from: number, to: number) {
  const random = seededRandom(from + 1);
  const { db } = bench.database;
  const dims = bench.config.embeddings.dimensions;
  for (let start = from; start < to; start += CHUNKS_PER_DOCUMENT * 10) {
    const docs = [];
    for (
      let d = start;
      d < Math.min(to, start + CHUNKS_PER_DOCUMENT * 10);
      d += CHUNKS_PER_DOCUMENT
    )
      // One document in ten belongs to another user: search must filter it out.
      docs.push({
        userId: d % (CHUNKS_PER_DOCUMENT * 10) === 0 ? 'other-user' : 'bench-user',
        title: `Doc ${d}`,
        source: 'text' as const,
        status: 'ready' as const,
      });
    const inserted = await db
      .insert(documents)
      .values(docs)
      .returning({ id: documents.id, userId: documents.userId });
    const rows = inserted.flatMap((doc) =>
      Array.from({ length: CHUNKS_PER_DOCUMENT }, (_, i) => {
        const text = passage(random);
        return {
          documentId: doc.id,
          userId: doc.userId,
          chunkIndex: i,
          text,
          embedding: hashEmbedding(text, dims),
          embeddingModel: 'offline:offline-hash-v1',
          dimensions: dims,
        };
      }),
    );
    for (let i = 0; i < rows.length; i += 250)
      await db.insert(documentChunks).values(rows.slice(i, i + 250));
  }
}

/** The user's ten nearest chunks (statement text), and their distances. */
function nearestTenSql(dims: number, vector: number[]) {
  const size = sql.raw(String(dims));
  const literal = `[${vector.join(',')}]`;
  return sql`select id, embedding::vector(${size}) <=> ${literal}::vector(${size}) as distance
    from document_chunks
   where user_id = 'bench-user' and dimensions = ${dims}
   order by embedding::vector(${size}) <=> ${literal}::vector(${size})
   limit 10`;
}

/** The distances of the ten nearest, through the HNSW index or by an exact scan. */
async function nearestTen(database: Database, dims: number, vector: number[], exact: boolean) {
  return database.exclusive(async (db) => {
    // Without index scans the planner can only sort every row by its distance: the exact answer.
    if (exact) await db.execute(sql`set enable_indexscan = off`);
    try {
      const { rows } = await db.execute<{ distance: number }>(nearestTenSql(dims, vector));
      return rows.map((row) => Number(row.distance));
    } finally {
      if (exact) await db.execute(sql`reset enable_indexscan`);
    }
  });
}

/**
 * Recall@10 of the HNSW index against an exact scan, and the index's p95; undefined when the
 * planner scans the table whole anyway. Counted by distance, not by id: the offline embedding
 * gives many chunks the same distance, and any of them is as right as another.
 */
async function recallAtTen(database: Database, dims: number) {
  const { rows: plan } = await database.db.execute<{ 'QUERY PLAN': string }>(
    sql`explain ${nearestTenSql(dims, hashEmbedding('plan', dims))}`,
  );
  if (!plan.some((row) => /Index Scan using document_chunks_embedding/.test(row['QUERY PLAN'])))
    return undefined;
  const random = seededRandom(7);
  let found = 0;
  const latencies: number[] = [];
  for (let i = 0; i < RECALL_QUERIES; i++) {
    const vector = hashEmbedding(sentence(random, 2 + Math.floor(random() * 4)), dims);
    const t0 = performance.now();
    const approximate = await nearestTen(database, dims, vector, false);
    latencies.push(performance.now() - t0);
    const exact = await nearestTen(database, dims, vector, true);
    const tenth = exact.at(-1)! + 1e-6;
    found += approximate.filter((distance) => distance <= tenth).length / exact.length;
  }
  latencies.sort((a, b) => a - b);
  return { recall: found / RECALL_QUERIES, p95: percentile(latencies, 95) };
}

async function main() {
  const bench = await benchDatabase();
  console.log(
    `bench:search on ${bench.kind}, ${availableParallelism()} cores, offline embeddings (${bench.config.embeddings.dimensions} dims)`,
  );
  const dims = bench.config.embeddings.dimensions;
  let filled = 0;
  for (const size of SIZES) {
    const started = Date.now();
    // Bulk loading goes faster without the index; it is built once the chunks are in.
    await bench.database.db.execute(
      sql.raw(`drop index if exists document_chunks_embedding_${dims}_idx`),
    );
    await fill(bench, filled, size);
    filled = size;
    await ensureVectorIndex(bench.database.db, dims);
    await bench.database.db.execute(sql`analyze document_chunks`);
    const loadSeconds = (Date.now() - started) / 1000;
    const random = seededRandom(42);
    const latencies: number[] = [];
    let hits = 0;
    for (let i = 0; i < QUERIES + 20; i += 1) {
      const q = sentence(random, 2 + Math.floor(random() * 4));
      const t0 = performance.now();
      const { results } = await searchDocuments(
        bench.database.db,
        bench.config.embeddings,
        'bench-user',
        { q, limit: 10 },
      );
      const ms = performance.now() - t0;
      if (i >= 20) latencies.push(ms); // the first queries warm caches
      hits += results.length;
    }
    latencies.sort((a, b) => a - b);
    const recall = await recallAtTen(bench.database, dims);
    console.log(
      `chunks=${size} load+index=${loadSeconds.toFixed(1)}s queries=${QUERIES} ` +
        `p50=${percentile(latencies, 50).toFixed(1)}ms p95=${percentile(latencies, 95).toFixed(1)}ms ` +
        `max=${latencies.at(-1)!.toFixed(1)}ms avg_results=${(hits / (QUERIES + 20)).toFixed(1)}\n` +
        (recall
          ? `  recall@10 of HNSW against an exact scan: ${recall.recall.toFixed(3)} (${RECALL_QUERIES} queries; ` +
            `nearest ten alone through HNSW: p95 ${recall.p95.toFixed(1)}ms)`
          : '  recall@10: the planner scans this table whole, not through HNSW (exact results)'),
    );
  }
  await bench.close();
}

await main();
