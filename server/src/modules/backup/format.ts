// The backup archive: a gzip-compressed tar holding the data of each table in parts (one JSON
// array of `to_jsonb` rows per part, in the order the tables load), then manifest.json last,
// since only then are the counts and checksums known. Restore reads the file twice: once to
// check the manifest and every checksum, then to load (docs/decisions.md says why).
import { z } from 'zod';

export const FORMAT = 'docket-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';

/** `data/<table>/<part number>.json`, numbered from 0 within each table. */
export const partEntryName = (table: string, part: number) =>
  `data/${table}/${String(part).padStart(6, '0')}.json`;

const part = z.object({
  entry: z.string(),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const table = z.object({
  name: z.string(),
  rows: z.number().int().nonnegative(),
  parts: z.array(part),
});

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  docketVersion: z.string(),
  createdAt: z.string(),
  /** The database the backup was taken from; any of the two restores it. */
  database: z.enum(['pglite', 'postgres']),
  /** The last applied migration: its tag, and how many migrations were applied. */
  schema: z.object({ tag: z.string(), count: z.number().int().positive() }),
  /** What the chunks were embedded with (null before the first document). */
  embeddings: z
    .object({ provider: z.string(), model: z.string(), dimensions: z.number().int().positive() })
    .nullable(),
  /** In load order: a table comes after every table it references. */
  tables: z.array(table),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type TableManifest = z.infer<typeof table>;
export type PartManifest = z.infer<typeof part>;

/** A problem with the archive or the target that the operator must fix: one line, exit 1. */
export class BackupError extends Error {}
