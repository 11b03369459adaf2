// npm run bench:search — hybrid search latency (p50/p95) at 10k and 100k chunks, with the
// offline embeddings. Chunks are inserted directly (with their embeddings), the HNSW index
// is built, then the same seeded queries are timed through the search service.
import { availableParallelism } from 'node:os';
import { sql } from 'drizzle-orm';
import { hashEmbedding } from '../src/llm/hash-embedding.js';
import { ensureVectorIndex } from '../src/modules/documents/embedding-settings.js';
import { documentChunks, documents } from '../src/modules/documents/tables.js';
import { searchDocuments } from '../src/modules/search/service.js';
import { benchDatabase } from './database.js';
import { passage, percentile, seededRandom, sentence } from './corpus.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const CHUNKS_PER_DOCUMENT = 50;

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
    console.log(
      `chunks=${size} load+index=${loadSeconds.toFixed(1)}s queries=${QUERIES} ` +
        `p50=${percentile(latencies, 50).toFixed(1)}ms p95=${percentile(latencies, 95).toFixed(1)}ms ` +
        `max=${latencies.at(-1)!.toFixed(1)}ms avg_results=${(hits / (QUERIES + 20)).toFixed(1)}`,
    );
  }
  await bench.close();
}

await main();
