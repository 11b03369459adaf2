// A document's source is saved and read in bounded parts, one statement each, on both databases:
// on PGlite each statement runs on the thread that answers HTTP, so one statement carrying a
// whole upload would stall every request. Checked structurally, by recording every statement
// the database client runs and the bytes it sends and returns; and the bytes come back intact.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.js';
import { users } from '../src/modules/auth/tables.js';
import {
  insertDocument,
  selectDocumentWithSource,
  updateDocumentSource,
} from '../src/modules/documents/queries.js';
import { migratedDatabase, type Backend } from './support/databases.js';
import { recordStatements, type Statement } from './support/statements.js';

/** The most source bytes one statement may carry either way (a few tens of ms of PGlite). */
const MOST_BYTES_PER_STATEMENT = 512 * 1024;
const SOURCE_BYTES = 3 * 1024 * 1024;

describe.each<Backend>(['pglite', 'postgres'])('document sources on %s', (kind) => {
  let database: Database;
  let statements: Statement[];
  const source = randomBytes(SOURCE_BYTES);

  beforeAll(async () => {
    database = await migratedDatabase(kind);
    await database.db.insert(users).values({ id: 'ann', name: 'Ann', email: 'ann@example.com' });
    statements = recordStatements(database);
  });
  afterAll(async () => {
    await database.close();
  });

  const carryingSource = () => statements.filter((s) => s.sent + s.received > 64 * 1024);

  it('saves a 3 MB source in several statements, none carrying more than 512 KB', async () => {
    statements.length = 0;
    const row = await insertDocument(
      database.db,
      { userId: 'ann', title: 'Noise', source: 'upload', kind: 'text', sizeBytes: source.length },
      { content: source, contentType: 'application/octet-stream' },
    );
    const writes = carryingSource();
    expect(writes.length).toBeGreaterThanOrEqual(SOURCE_BYTES / MOST_BYTES_PER_STATEMENT);
    for (const write of writes) expect(write.sent).toBeLessThanOrEqual(MOST_BYTES_PER_STATEMENT);
    expect(writes.reduce((sum, w) => sum + w.sent, 0)).toBe(SOURCE_BYTES);

    statements.length = 0;
    const found = await selectDocumentWithSource(database.db, row.id);
    const reads = carryingSource();
    expect(reads.length).toBeGreaterThanOrEqual(SOURCE_BYTES / MOST_BYTES_PER_STATEMENT);
    for (const read of reads) expect(read.received).toBeLessThanOrEqual(MOST_BYTES_PER_STATEMENT);
    expect(found!.content.equals(source)).toBe(true);
  });

  it('replaces a source (a fetched page) in parts too, leaving none of the old bytes', async () => {
    const row = await insertDocument(
      database.db,
      { userId: 'ann', title: 'Page', source: 'url', sourceUrl: 'https://example.com/' },
      { content: Buffer.alloc(0) },
    );
    const page = randomBytes(SOURCE_BYTES / 2 + 1);
    statements.length = 0;
    await updateDocumentSource(database.db, row.id, page, 'text/html');
    for (const write of carryingSource())
      expect(write.sent).toBeLessThanOrEqual(MOST_BYTES_PER_STATEMENT);
    expect(carryingSource().length).toBeGreaterThan(1);
    expect((await selectDocumentWithSource(database.db, row.id))!.content.equals(page)).toBe(true);

    const shorter = randomBytes(10);
    await updateDocumentSource(database.db, row.id, shorter, 'text/plain');
    expect((await selectDocumentWithSource(database.db, row.id))!.content.equals(shorter)).toBe(
      true,
    );
  });
});
