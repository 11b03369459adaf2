// Hybrid search in one statement: nearest neighbours by cosine distance (HNSW) and full-text
// ranking, fused by reciprocal rank fusion. Always within the chunks the reader may read (the
// condition access/documents.ts gives, which both rankings filter by). The documents
// module owns the tables: they are read here through its Drizzle definitions (never by name in
// raw SQL), with `sql` only for what Drizzle has no builder for (pgvector's `<=>`, ranking).
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { documentChunks, documents } from '../documents/tables.js';

/** Candidates taken from each ranking before fusion (as many as hnsw.ef_search). */
const CANDIDATES = 100;
/** Full-text matches ranked at most: a very common word must not make a query rank everything. */
const MAX_TEXT_MATCHES = 1000;
/** The usual RRF constant: dampens the weight of the very top ranks. */
const RRF_K = 60;

export interface PassageSearch {
  /** A condition on document_chunks: the chunks the reader may read (readableChunks). */
  readable: SQL;
  vector: number[];
  dimensions: number;
  query: string;
  limit: number;
  /** Only these documents' chunks (a chat question's attachments); undefined: all readable. */
  documentIds?: readonly string[];
}

/** The readable chunks, of the given documents only when there are some. */
const chunksOf = ({ readable, documentIds }: PassageSearch) =>
  and(readable, documentIds ? inArray(documentChunks.documentId, [...documentIds]) : undefined);

/** `vec`: the readable chunks nearest to the vector, ranked from 1 (the HNSW index of this size). */
function rankByMeaning(db: Db, search: PassageSearch) {
  const { vector, dimensions } = search;
  // The same expression as the index (embedding-settings.ts), so that the planner uses it.
  const size = sql.raw(String(Math.trunc(dimensions)));
  const target = `[${vector.join(',')}]`;
  const distance = sql`${documentChunks.embedding}::vector(${size}) <=> ${target}::vector(${size})`;
  const nearest = db
    .select({ id: documentChunks.id, distance: distance.as('distance') })
    .from(documentChunks)
    .where(and(chunksOf(search), eq(documentChunks.dimensions, dimensions)))
    .orderBy(distance)
    .limit(CANDIDATES)
    .as('nearest');
  return db.$with('vec').as(
    db
      .select({
        id: nearest.id,
        // Equal distances (a query sharing no word with either chunk) ranked the same on every
        // database and plan: by id.
        rank: sql<number>`row_number() over (order by ${nearest.distance}, ${nearest.id})`.as(
          'rank',
        ),
      })
      .from(nearest),
  );
}

/** Web search syntax: a quoted phrase, a word to exclude, or `or` between words. */
const SEARCH_SYNTAX = /"|(?:^|\s)-\S|\sor\s/i;

/**
 * The full-text query. Words as people type them match a chunk with any of them (OR), ranked by
 * how many and how often: a question in other words than the passage shares only some of its
 * words, and a query that needs all of them matches nothing. A query written in web search
 * syntax (`"exact phrase"`, `-word`, `a or b`) means what it says (`websearch_to_tsquery`).
 */
function textQuery(query: string) {
  if (SEARCH_SYNTAX.test(query)) return sql`websearch_to_tsquery('english', ${query})`;
  // Letters and digits only, so that nothing is read as an operator; stop words drop out.
  const words = query.match(/[\p{L}\p{N}]+/gu) ?? [];
  return sql`to_tsquery('english', ${words.join(' | ')})`;
}

/**
 * `fts`: the readable chunks that match the words (the GIN index), ranked from 1 by how often they
 * have them, and `q`, the parsed words it reads.
 */
function rankByWords(db: Db, search: PassageSearch) {
  const { query } = search;
  // The parsed query in a CTE of its own, as the planner has always seen it: with the words
  // unknown, it picks the GIN index instead of guessing from their frequency.
  const words = db
    .$with('q', { query: sql`query`.as('query') })
    .as(sql`select ${textQuery(query)} as query`);
  const matched = db
    .select({ id: documentChunks.id, tsv: documentChunks.tsv })
    .from(documentChunks)
    .crossJoin(words)
    .where(and(chunksOf(search), sql`${documentChunks.tsv} @@ ${words.query}`))
    .limit(MAX_TEXT_MATCHES)
    .as('matched');
  // Frequency, not cover density: with OR, cover density counts each occurrence of any one word
  // as a cover, and a passage that has several of the words ranks no higher (bench:quality,
  // docs/documents.md#retrieval-quality).
  const textRank = sql`ts_rank(${matched.tsv}, ${words.query})`;
  const fts = db.$with('fts').as(
    db
      .select({
        id: matched.id,
        rank: sql<number>`row_number() over (order by ${textRank} desc, ${matched.id})`.as('rank'),
      })
      .from(matched)
      .crossJoin(words)
      .orderBy(desc(textRank))
      .limit(CANDIDATES),
  );
  return { words, fts };
}

/**
 * The best `limit` chunks of both rankings, by the sum of their reciprocal ranks (the statement:
 * awaited, its rows; bench:search explains it).
 */
export function selectPassages(db: Db, input: PassageSearch) {
  const vec = rankByMeaning(db, input);
  const { words, fts } = rankByWords(db, input);
  const ranked = unionAll(
    db.select({ id: vec.id, rank: vec.rank }).from(vec),
    db.select({ id: fts.id, rank: fts.rank }).from(fts),
  ).as('ranked');
  const fused = db.$with('fused').as(
    db
      .select({
        id: ranked.id,
        rrf: sql<string>`sum(1.0 / (${RRF_K} + ${ranked.rank}))`.as('rrf'),
      })
      .from(ranked)
      .groupBy(ranked.id),
  );
  return (
    db
      .with(vec, words, fts, fused)
      .select({
        // In the order of the API's results (toSearchResultView passes them on as they are).
        documentId: documentChunks.documentId,
        title: documents.title,
        chunkId: documentChunks.id,
        text: documentChunks.text,
        score: sql<number>`${fused.rrf}::float8`.mapWith(Number).as('score'),
        page: documentChunks.page,
        heading: documentChunks.heading,
        ocr: documentChunks.ocr,
        charStart: documentChunks.charStart,
        charEnd: documentChunks.charEnd,
        anchor: documentChunks.anchor,
      })
      .from(fused)
      .innerJoin(documentChunks, eq(documentChunks.id, fused.id))
      .innerJoin(documents, eq(documents.id, documentChunks.documentId))
      // By the exact sum (numeric), as ever: its float8 copy could tie where the sums differ.
      .orderBy(desc(fused.rrf), documentChunks.id)
      .limit(input.limit)
  );
}

export type PassageRow = Awaited<ReturnType<typeof selectPassages>>[number];
