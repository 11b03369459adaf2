import { sql, type SQL } from 'drizzle-orm';
import {
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';
import { SOURCE_KINDS } from './kinds.js';

/** Raw bytes (bytea), as uploaded or fetched. */
const bytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** A pgvector column without a fixed size: the size follows EMBEDDINGS_DIMENSIONS. */
const vector = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (value) => `[${value.join(',')}]`,
  fromDriver: (value) => JSON.parse(value) as number[],
});

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    source: text('source', { enum: ['upload', 'url', 'text'] }).notNull(),
    sourceUrl: text('source_url'),
    fileName: text('file_name'),
    kind: text('kind', { enum: SOURCE_KINDS }),
    sizeBytes: integer('size_bytes').notNull().default(0),
    status: text('status', { enum: ['queued', 'processing', 'ready', 'failed'] })
      .notNull()
      .default('queued'),
    progress: integer('progress').notNull().default(0),
    error: text('error'),
    chunkCount: integer('chunk_count').notNull().default(0),
    /** URL documents: when the page was last fetched (a refresh that found it unchanged too). */
    fetchedAt: timestamp('fetched_at', { withTimezone: true }),
    /** What the page's server answered, sent back on the next fetch (If-None-Match, If-Modified-Since). */
    etag: text('etag'),
    lastModified: text('last_modified'),
    /** SHA-256 of the bytes fetched: a page served again unchanged costs nothing more. */
    contentHash: text('content_hash'),
    /** When a scheduled refresh was last claimed (refresh-schedule.ts): each is claimed once. */
    refreshClaimedAt: timestamp('refresh_claimed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('documents_user_created_idx').on(t.userId, t.createdAt, t.id)],
);

/** What the ingestion job reads: kept apart so lists never load the bytes. */
export const documentSources = pgTable('document_sources', {
  documentId: uuid('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  contentType: text('content_type'),
});

/**
 * A source's bytes, in parts of at most SOURCE_PART_BYTES (queries.ts) numbered from 0: each is
 * written and read in a statement of its own, so no statement holds the embedded database long.
 */
export const documentSourceParts = pgTable(
  'document_source_parts',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    part: integer('part').notNull(),
    content: bytes('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.part] })],
);

/**
 * The document's extracted text, which chunks' char_start and char_end point into, in parts of
 * at most TEXT_PART_CHARS (queries.ts) numbered from 0, for the same reason as the source's.
 */
export const documentTextParts = pgTable(
  'document_text_parts',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    part: integer('part').notNull(),
    content: text('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.part] })],
);

export const documentChunks = pgTable(
  'document_chunks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** Denormalised from the document so that search filters without a join. */
    userId: text('user_id').notNull(),
    chunkIndex: integer('chunk_index').notNull(),
    text: text('text').notNull(),
    heading: text('heading'),
    page: integer('page'),
    /** The text was read from a picture by OCR (a scanned page, a PNG or JPEG upload). */
    ocr: boolean('ocr').notNull().default(false),
    /**
     * Where the chunk is in the document's text (document_text_parts): text = that text's
     * [char_start, char_end). Null for chunks stored before positions were kept.
     */
    charStart: integer('char_start'),
    charEnd: integer('char_end'),
    /** Its heading's anchor in the original: an HTML page's id, a Markdown heading's slug. */
    anchor: text('anchor'),
    embedding: vector('embedding').notNull(),
    embeddingModel: text('embedding_model').notNull(),
    dimensions: integer('dimensions').notNull(),
    tsv: tsvector('tsv')
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`to_tsvector('english', coalesce(${documentChunks.heading}, '') || ' ' || ${documentChunks.text})`,
      ),
  },
  (t) => [
    index('document_chunks_document_idx').on(t.documentId, t.chunkIndex),
    index('document_chunks_user_idx').on(t.userId),
    index('document_chunks_tsv_idx').using('gin', t.tsv),
  ],
);

/** One row: the embedding model and size that every stored chunk uses. */
export const embeddingSettings = pgTable('embedding_settings', {
  id: integer('id').primaryKey().default(1),
  embeddingModel: text('embedding_model').notNull(),
  dimensions: integer('dimensions').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
