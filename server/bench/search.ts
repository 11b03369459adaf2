// npm run bench:search — hybrid search latency (p50/p95) at 10k and 100k chunks, with the
// offline embeddings. Chunks are inserted directly (with their embeddings), the HNSW index
// is built, then the same seeded queries are timed through the search service: for a user with
// no shared collection, then as a viewer of a collection holding another user's documents
// (sharing), each with whether the search's own statement reads the HNSW and GIN indexes
// (EXPLAIN). Recall@10: the
// ten nearest of the vector candidates the search takes through the HNSW index, against an exact
// scan's ten, with the configured hnsw.ef_search and beside it others. BENCH_CORPUS=topical:
// documents that keep to topics of their own, instead of passages all drawn alike.
import { availableParallelism } from 'node:os';
import { eq, sql, type SQL } from 'drizzle-orm';
import { fullAccess, type Actor } from '../src/access/actor.js';
import { readableChunks } from '../src/access/documents.js';
import { SESSION_SETTINGS, type Database, type Db } from '../src/db/client.js';
import { createEmbedder, embedderId } from '../src/llm/embeddings.js';
import { hashEmbedding } from '../src/llm/hash-embedding.js';
import {
  collectionDocuments,
  collectionMembers,
  collections,
} from '../src/modules/collections/tables.js';
import { ensureVectorIndex } from '../src/modules/documents/embedding-settings.js';
import { documentChunks, documents } from '../src/modules/documents/tables.js';
import { selectPassages } from '../src/modules/search/queries.js';
import { searchDocuments } from '../src/modules/search/service.js';
import { benchDatabase, logger } from './database.js';
import {
  passage,
  percentile,
  seededRandom,
  sentence,
  topicalPassage,
  topicalSentence,
  topicOf,
} from './corpus.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const CHUNKS_PER_DOCUMENT = 50;
/** Queries whose recall is measured (an exact scan each: slow at 100k on purpose). */
const RECALL_QUERIES = Number(process.env.BENCH_RECALL_QUERIES ?? 100);
/**
 * `plain`: every passage drawn alike from the whole vocabulary (no document is about anything:
 * the worst case of a vector index); `topical`: each document keeps to a topic of its own, as
 * real ones do, and each query is drawn from one document's topic.
 */
const CORPUS = process.env.BENCH_CORPUS === 'topical' ? 'topical' : 'plain';

/** A passage of the document whose first chunk is chunk number `first`. */
const passageOf = (random: () => number, first: number) =>
  CORPUS === 'topical'
    ? topicalPassage(random, topicOf(first / CHUNKS_PER_DOCUMENT))
    : passage(random);

/** A query of 2 to 5 words (`topical`: about one of the first `chunks` chunks' documents). */
function queryOf(random: () => number, chunks: number) {
  const words = 2 + Math.floor(random() * 4);
  if (CORPUS === 'plain') return sentence(random, words);
  const document = Math.floor(random() * (chunks / CHUNKS_PER_DOCUMENT));
  return topicalSentence(random, topicOf(document), words);
}

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
    const rows = inserted.flatMap((doc, k) =>
      Array.from({ length: CHUNKS_PER_DOCUMENT }, (_, i) => {
        const text = passageOf(random, start + CHUNKS_PER_DOCUMENT * k);
        return {
          documentId: doc.id,
          userId: doc.userId,
          chunkIndex: i,
          text,
          embedding: hashEmbedding(text, dims),
          embeddingModel: embedderId(bench.config.embeddings),
          dimensions: dims,
        };
      }),
    );
    for (let i = 0; i < rows.length; i += 250)
      await db.insert(documentChunks).values(rows.slice(i, i + 250));
  }
}

/** Vector candidates the search takes before fusion (CANDIDATES in search/queries.ts). */
const CANDIDATES = 100;
/** hnsw.ef_search values whose recall is printed beside the configured one. */
const EF_SEARCH = (process.env.BENCH_EF_SEARCH ?? '40,100,200,400').split(',').map(Number);

/** The user's nearest chunks as the search asks for them: its filter, its candidate count. */
function nearestSql(dims: number, vector: number[]) {
  const size = sql.raw(String(dims));
  const literal = `[${vector.join(',')}]`;
  return sql`select embedding::vector(${size}) <=> ${literal}::vector(${size}) as distance
    from document_chunks
   where user_id = 'bench-user' and dimensions = ${dims}
   order by embedding::vector(${size}) <=> ${literal}::vector(${size})
   limit ${CANDIDATES}`;
}

/** Whether the planner reads this query through the HNSW index, with the settings in force. */
async function usesIndex(db: Db, query: SQL) {
  const { rows } = await db.execute<{ 'QUERY PLAN': string }>(sql`explain ${query}`);
  return rows.some((row) => /Index Scan using document_chunks_embedding/.test(row['QUERY PLAN']));
}

interface Pass {
  /** The ten smallest distances of each query's answer, in order. */
  nearest: number[][];
  p95: number;
  index: boolean;
}

/**
 * Every query once in one transaction, with `settings` set for it alone (SET LOCAL: the
 * connection's own settings come back after it, on PGlite too). The search ranks its
 * candidates by distance, whatever order an iterative scan returns them in: so is this.
 */
async function pass(database: Database, vectors: number[][], settings: Record<string, string>) {
  return database.exclusive((db) =>
    db.transaction(async (tx) => {
      for (const [name, value] of Object.entries(settings))
        await tx.execute(sql`select set_config(${name}, ${value}, true)`);
      const index = await usesIndex(tx, nearestSql(vectors[0]!.length, vectors[0]!));
      const nearest: number[][] = [];
      const latencies: number[] = [];
      for (const vector of vectors) {
        const t0 = performance.now();
        const { rows } = await tx.execute<{ distance: number }>(nearestSql(vector.length, vector));
        latencies.push(performance.now() - t0);
        nearest.push(
          rows
            .map((row) => Number(row.distance))
            .sort((a, b) => a - b)
            .slice(0, 10),
        );
      }
      latencies.sort((a, b) => a - b);
      return { nearest, p95: percentile(latencies, 95), index } satisfies Pass;
    }),
  );
}

/**
 * Recall@10: the share of the exact ten found among the search's ten nearest candidates.
 * Counted by distance, not by id: a chunk as near as the exact tenth is as right as it.
 */
function recallAtTen(approximate: Pass, exact: Pass) {
  let found = 0;
  approximate.nearest.forEach((nearest, i) => {
    const tenth = exact.nearest[i]!.at(-1)! + 1e-6;
    found += nearest.filter((distance) => distance <= tenth).length / exact.nearest[i]!.length;
  });
  return found / approximate.nearest.length;
}

/**
 * Recall@10 of the HNSW index against an exact scan (index scans off: the planner can only read
 * every one of the user's chunks and sort them), with the configured hnsw.ef_search and others.
 */
async function recallTable(database: Database, dims: number, chunks: number) {
  const random = seededRandom(7);
  const vectors = Array.from({ length: RECALL_QUERIES }, () =>
    hashEmbedding(queryOf(random, chunks), dims),
  );
  const exact = await pass(database, vectors, { enable_indexscan: 'off' });
  if (exact.index) throw new Error('the exact scan went through the HNSW index');
  const configured = SESSION_SETTINGS['hnsw.ef_search']!;
  const lines = [`    exact scan (reference): p95 ${exact.p95.toFixed(1)}ms`];
  for (const ef of [...new Set([Number(configured), ...EF_SEARCH])].sort((a, b) => a - b)) {
    const approximate = await pass(database, vectors, { 'hnsw.ef_search': String(ef) });
    lines.push(
      `    ef_search ${String(ef).padStart(3)}${String(ef) === configured ? ' (configured)' : '             '}: ` +
        (approximate.index
          ? `recall@10 ${recallAtTen(approximate, exact).toFixed(3)}, p95 ${approximate.p95.toFixed(1)}ms`
          : `the planner scans the table whole (exact), p95 ${approximate.p95.toFixed(1)}ms`),
    );
  }
  return lines.join('\n');
}

/** Whether the search's own statement, for this reader, reads the HNSW and the GIN index. */
async function searchPlan(db: Db, dims: number, actor: Actor) {
  const q = 'harbour lantern river';
  const statement = selectPassages(db, {
    readable: readableChunks(actor),
    vector: hashEmbedding(q, dims),
    dimensions: dims,
    query: q,
    limit: 10,
  });
  const { rows } = await db.execute<{ 'QUERY PLAN': string }>(sql`explain ${statement}`);
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  const reads = (index: RegExp) => (index.test(plan) ? 'yes' : 'NO');
  return `HNSW index: ${reads(/document_chunks_embedding_\d+_idx/)}, GIN index: ${reads(/document_chunks_tsv_idx/)}`;
}

const figures = (latencies: number[], hits: number) => {
  latencies.sort((a, b) => a - b);
  return (
    `p50=${percentile(latencies, 50).toFixed(1)}ms p95=${percentile(latencies, 95).toFixed(1)}ms ` +
    `max=${latencies.at(-1)!.toFixed(1)}ms avg_results=${(hits / latencies.length).toFixed(1)}`
  );
};

/**
 * The same seeded queries through the search service as `actor`, each followed by the same
 * search filtered as before sharing (by the chunks' owner column alone): the reference, timed
 * in turn with it so that the machine's load weighs on both alike.
 */
async function timeSearches(
  db: Db,
  bench: Awaited<ReturnType<typeof benchDatabase>>,
  actor: Actor,
  size: number,
) {
  const embedder = createEmbedder(bench.config.embeddings);
  const random = seededRandom(42);
  const timed = { search: [] as number[], reference: [] as number[] };
  const hits = { search: 0, reference: 0 };
  for (let i = 0; i < QUERIES + 20; i += 1) {
    const q = queryOf(random, size);
    let t0 = performance.now();
    const { results } = await searchDocuments(db, { ...bench.config, logger }, actor, {
      q,
      limit: 10,
    });
    const searchMs = performance.now() - t0;
    t0 = performance.now();
    const [vector] = await embedder.embed([q]);
    const reference = await selectPassages(db, {
      readable: eq(documentChunks.userId, actor.userId),
      vector: vector!,
      dimensions: embedder.dimensions,
      query: q,
      limit: 10,
    });
    const referenceMs = performance.now() - t0;
    if (i < 20) continue; // the first queries warm caches
    timed.search.push(searchMs);
    timed.reference.push(referenceMs);
    hits.search += results.length;
    hits.reference += reference.length;
  }
  return {
    search: figures(timed.search, hits.search),
    reference: figures(timed.reference, hits.reference),
  };
}

/** Shares every document of the other user with the bench user (a viewer); undoes it after. */
async function withSharedCollection<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const [collection] = await db
    .insert(collections)
    .values({ ownerId: 'other-user', name: 'Shared with the bench user' })
    .returning({ id: collections.id });
  await db.execute(
    sql`insert into ${collectionDocuments} (collection_id, document_id)
        select ${collection!.id}, id from ${documents} where user_id = 'other-user'`,
  );
  await db
    .insert(collectionMembers)
    .values({ collectionId: collection!.id, userId: 'bench-user', role: 'viewer' });
  try {
    return await work();
  } finally {
    await db.delete(collections).where(sql`${collections.id} = ${collection!.id}`);
  }
}

async function main() {
  const bench = await benchDatabase();
  console.log(
    `bench:search on ${bench.kind}, ${availableParallelism()} cores, offline embeddings (${bench.config.embeddings.dimensions} dims), ${CORPUS} corpus`,
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
    const { db } = bench.database;
    const reader = fullAccess('bench-user');
    const alone = await timeSearches(db, bench, reader, size);
    const alonePlan = await searchPlan(db, dims, reader);
    const [shared, sharedPlan] = await withSharedCollection(db, async () => [
      await timeSearches(db, bench, reader, size),
      await searchPlan(db, dims, reader),
    ]);
    const recall = await recallTable(bench.database, dims, size);
    console.log(
      `chunks=${size} load+index=${loadSeconds.toFixed(1)}s queries=${QUERIES} ${alone.search}\n` +
        `  reference, filtered as before sharing (owner column only): ${alone.reference}\n` +
        `  (${alonePlan})\n` +
        `  as a viewer of a collection of the other user's documents (a tenth of the chunks): ${shared.search}\n` +
        `  reference, filtered as before sharing (owner column only): ${shared.reference}\n` +
        `  (${sharedPlan})\n` +
        `  recall@10 of the search's nearest candidates (${CANDIDATES}) against an exact scan, ${RECALL_QUERIES} queries:\n` +
        recall,
    );
  }
  await bench.close();
}

await main();
