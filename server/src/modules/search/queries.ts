// Hybrid search in one statement: nearest neighbours by cosine distance (HNSW) and full-text
// ranking, fused by reciprocal rank fusion. Always within one user's chunks.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

/** Candidates taken from each ranking before fusion (as many as hnsw.ef_search). */
const CANDIDATES = 100;
/** Full-text matches ranked at most: a very common word must not make a query rank everything. */
const MAX_TEXT_MATCHES = 1000;
/** The usual RRF constant: dampens the weight of the very top ranks. */
const RRF_K = 60;

export type ChunkHit = {
  chunk_id: string;
  document_id: string;
  title: string;
  text: string;
  heading: string | null;
  page: number | null;
  score: number;
};

export async function hybridSearch(
  db: Db,
  input: { userId: string; vector: number[]; dimensions: number; query: string; limit: number },
): Promise<ChunkHit[]> {
  const size = sql.raw(String(Math.trunc(input.dimensions)));
  const vector = `[${input.vector.join(',')}]`;
  // ef_search and the iterative scan are set on every connection (db/client.ts).
  const result = await db.execute<ChunkHit>(sql`
      with vec as (
        select id, row_number() over (order by distance) as rank from (
          select id, embedding::vector(${size}) <=> ${vector}::vector(${size}) as distance
            from document_chunks
           where user_id = ${input.userId} and dimensions = ${input.dimensions}
           order by embedding::vector(${size}) <=> ${vector}::vector(${size})
           limit ${CANDIDATES}) nearest
      ),
      q as (select websearch_to_tsquery('english', ${input.query}) as query),
      fts as (
        select id, row_number() over (order by ts_rank_cd(tsv, q.query) desc) as rank
          from (select id, tsv from document_chunks, q
                 where user_id = ${input.userId} and tsv @@ q.query
                 limit ${MAX_TEXT_MATCHES}) matched, q
         order by ts_rank_cd(tsv, q.query) desc
         limit ${CANDIDATES}
      ),
      fused as (
        select id, sum(1.0 / (${RRF_K} + rank)) as score
          from (select id, rank from vec union all select id, rank from fts) ranked
         group by id
      )
      select c.id as chunk_id, c.document_id, d.title, c.text, c.heading, c.page, f.score::float8 as score
        from fused f
        join document_chunks c on c.id = f.id
        join documents d on d.id = c.document_id
       order by f.score desc, c.id
       limit ${input.limit}`);
  return result.rows;
}
