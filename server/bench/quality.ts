// npm run bench:quality — how often the search finds the passage that answers a question, over
// real documents Docket did not write (bench/quality/corpus, with their licences) and questions
// written for them in other words (bench/quality/questions.ts). Each file is uploaded and
// ingested by the ingestion job itself (extraction, chunking, embeddings, storage), then every
// question goes through the search service as GET /api/search sends it (10 results). Prints
// hit@1, hit@5 and MRR@10 for the questions tuned on, the held-back ones, and all, with the
// offline default, and also with the embedding model of EMBEDDINGS_* when they are set, and
// with the reranker of RERANK_* when they are set. BENCH_DB=postgres runs on PostgreSQL + pgvector
// in a container instead of the embedded database. BENCH_MISSES=1 lists the tuning questions
// whose passage is not in the top 5 (never the held-back ones: they are not looked at).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { eq } from 'drizzle-orm';
import { fullAccess } from '../src/access/actor.js';
import type { Config } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { sniffKind } from '../src/modules/documents/extract.js';
import { ingestDocument } from '../src/modules/documents/ingest.js';
import { closePreparePool } from '../src/modules/documents/prepare-pool.js';
import { insertDocument } from '../src/modules/documents/queries.js';
import { documentChunks, documents } from '../src/modules/documents/tables.js';
import { searchDocuments } from '../src/modules/search/service.js';
import { benchDatabase, logger } from './database.js';
import { questions } from './quality/questions.js';

process.env.BENCH_DB ??= 'pglite';
const USER = 'bench-user';
const RESULTS = 10;
const HERE = new URL('./quality/', import.meta.url).pathname;
const FILES = [
  ...readdirSync(join(HERE, 'corpus')).map((name) => join(HERE, 'corpus', name)),
  // The licences are documents too, that no question is about.
  ...readdirSync(join(HERE, 'licences')).map((name) => join(HERE, 'licences', name)),
];

/** Whitespace-insensitive, case-insensitive containment. */
const normal = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** Uploads every file and runs its ingestion job; file name → document id. */
async function ingestCorpus(db: Db, config: Config) {
  const ids = new Map<string, string>();
  for (const file of FILES) {
    const bytes = readFileSync(file);
    const name = basename(file);
    const kind = await sniffKind(bytes, name);
    if (!kind) throw new Error(`${name}: not a kind Docket reads`);
    const row = await insertDocument(
      db,
      {
        userId: USER,
        title: name,
        source: 'upload',
        fileName: name,
        kind,
        sizeBytes: bytes.length,
      },
      { content: bytes },
    );
    const job = {
      id: row.id,
      name: 'ingest',
      payload: { documentId: row.id },
      attempt: 1,
      isLastAttempt: true,
      updateProgress: async () => undefined,
    };
    // Uploads lead to no other job: a queue is there only to say so if one ever did.
    const queue = { enqueue: () => Promise.reject(new Error('bench:quality runs no other job')) };
    await ingestDocument(job, { db, logger, config, queue });
    const [done] = await db.select().from(documents).where(eq(documents.id, row.id));
    if (done?.status !== 'ready') throw new Error(`${name}: ${done?.status} (${done?.error})`);
    ids.set(name, row.id);
  }
  return ids;
}

/** Every answer must be inside one chunk of its document, or the question could never be hit. */
async function checkAnswersAreFindable(db: Db, ids: Map<string, string>) {
  const chunks = await db
    .select({ documentId: documentChunks.documentId, text: documentChunks.text })
    .from(documentChunks);
  const unfindable = questions.filter(
    (q) =>
      !chunks.some(
        (c) => c.documentId === ids.get(q.document) && normal(c.text).includes(normal(q.answer)),
      ),
  );
  if (unfindable.length > 0)
    throw new Error(
      `answers in no single chunk (fix the question set):\n${unfindable.map((q) => `  ${q.answer}`).join('\n')}`,
    );
  return chunks.length;
}

interface Outcome {
  heldBack: boolean;
  /** 1-based rank of the first result that answers; undefined when none of the 10 does. */
  rank: number | undefined;
  question: string;
}

function figures(outcomes: Outcome[]) {
  const n = outcomes.length;
  const hitAt = (k: number) => outcomes.filter((o) => o.rank !== undefined && o.rank <= k).length;
  const mrr = outcomes.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0) / n;
  return { n, hit1: hitAt(1) / n, hit5: hitAt(5) / n, mrr };
}

async function measure(label: string, env: Record<string, string | undefined>) {
  const bench = await benchDatabase(env);
  try {
    const { db } = bench.database;
    const started = Date.now();
    const ids = await ingestCorpus(db, bench.config);
    const chunks = await checkAnswersAreFindable(db, ids);
    const ingestMs = Date.now() - started;
    const outcomes: Outcome[] = [];
    const searchStarted = Date.now();
    for (const q of questions) {
      const { results } = await searchDocuments(db, { ...bench.config, logger }, fullAccess(USER), {
        q: q.question,
        limit: RESULTS,
      });
      const at = results.findIndex(
        (r) => r.documentId === ids.get(q.document) && normal(r.text).includes(normal(q.answer)),
      );
      outcomes.push({
        heldBack: q.heldBack,
        rank: at < 0 ? undefined : at + 1,
        question: q.question,
      });
    }
    const searchMs = (Date.now() - searchStarted) / questions.length;
    console.log(
      `\n${label} (${bench.kind}): ${FILES.length} documents, ${chunks} chunks, ingested in ${ingestMs} ms; ` +
        `${searchMs.toFixed(1)} ms a search`,
    );
    const rows = [
      ['tuning', outcomes.filter((o) => !o.heldBack)],
      ['held back', outcomes.filter((o) => o.heldBack)],
      ['all', outcomes],
    ] as const;
    console.log('  set        questions  hit@1  hit@5  MRR@10');
    for (const [name, set] of rows) {
      const f = figures([...set]);
      console.log(
        `  ${name.padEnd(10)} ${String(f.n).padStart(9)}  ${f.hit1.toFixed(2)}   ${f.hit5.toFixed(2)}   ${f.mrr.toFixed(3)}`,
      );
    }
    if (process.env.BENCH_MISSES === '1')
      for (const o of outcomes)
        if (!o.heldBack && (o.rank === undefined || o.rank > 5))
          console.log(`  miss (rank ${o.rank ?? '>10'}): ${o.question}`);
  } finally {
    await bench.close();
  }
}

const pick = (prefix: string) =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith(prefix)));
const embeddings = process.env.EMBEDDINGS_PROVIDER === 'openai' ? pick('EMBEDDINGS_') : undefined;
const reranker =
  process.env.RERANK_PROVIDER && process.env.RERANK_PROVIDER !== 'off'
    ? pick('RERANK_')
    : undefined;

console.log(
  `bench:quality — ${questions.length} questions (${questions.filter((q) => q.heldBack).length} held back), ` +
    `${RESULTS} results each`,
);
await measure('offline (default)', { EMBEDDINGS_PROVIDER: 'offline' });
if (embeddings) await measure(`embeddings ${embeddings.EMBEDDINGS_MODEL}`, embeddings);
if (reranker) {
  await measure(`offline + rerank ${reranker.RERANK_MODEL}`, {
    EMBEDDINGS_PROVIDER: 'offline',
    ...reranker,
  });
  if (embeddings)
    await measure(`embeddings ${embeddings.EMBEDDINGS_MODEL} + rerank ${reranker.RERANK_MODEL}`, {
      ...embeddings,
      ...reranker,
    });
}
await closePreparePool();
