// Ingestion that cannot stall the server: on the embedded database (PGlite, in-process jobs),
// a document over a per-document limit ends `failed` with a reason naming the limit and its
// setting, and one within the limits is searchable; the built `all` role prepares documents in
// a worker thread, not on the thread that answers HTTP.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { search, settled, upload } from './support/documents.js';
import { makeDeflateBombPdf, makePdf } from './support/pdf.js';
import {
  assertBuilt,
  freePort,
  killAll,
  signUpOver,
  spawnDocket,
  waitForStatus,
} from './support/processes.js';

/** About 1,000 characters: a chunk of its own. */
const paragraph = (n: number) =>
  `Paragraph ${n} about the harbour. ${'The tide turns. '.repeat(60)}`;

describe('per-document ingestion limits', () => {
  let t: TestApp;
  let ann: TestUser;

  beforeAll(async () => {
    t = await startTestApp(
      { INGEST_MAX_PAGES: '3', INGEST_MAX_CHARS: '20000', INGEST_MAX_CHUNKS: '5' },
      { kind: 'pglite', jobs: 'local' },
    );
    ann = await signUp(t.app, 'ann');
  });
  afterAll(async () => {
    await t.close();
  });

  async function ingested(fileName: string, content: Buffer) {
    const added = await upload(t.app, ann, fileName, content);
    expect(added.statusCode, added.body).toBe(202);
    return settled(t.app, ann, added.json<{ id: string }>().id);
  }

  it('fails a PDF with more pages than INGEST_MAX_PAGES, saying so', async () => {
    const pdf = await makePdf([['One.'], ['Two.'], ['Three.'], ['Four.']]);
    const doc = await ingested('four-pages.pdf', pdf);
    expect(doc).toMatchObject({ status: 'failed', chunkCount: 0 });
    expect(doc.error).toBe(
      'the PDF has 4 pages, more than the limit of 3 pages per document (INGEST_MAX_PAGES)',
    );
  });

  it('fails a PDF whose content stream inflates past INGEST_MAX_CHARS, saying so', async () => {
    // 8 KB that inflate to 2 MB of text-showing operators: 100 times the limit.
    const bomb = await makeDeflateBombPdf(2_000_000);
    expect(bomb.length).toBeLessThan(20_000);
    const doc = await ingested('bomb.pdf', bomb);
    expect(doc).toMatchObject({ status: 'failed', chunkCount: 0 });
    expect(doc.error).toBe(
      'the document has more than 20,000 characters of text, the limit per document (INGEST_MAX_CHARS)',
    );
  });

  it('fails a text that makes more chunks than INGEST_MAX_CHUNKS, saying so', async () => {
    const text = Array.from({ length: 8 }, (_, i) => paragraph(i)).join('\n\n');
    expect(text.length).toBeLessThan(20_000);
    const doc = await ingested('many-chunks.txt', Buffer.from(text));
    expect(doc).toMatchObject({ status: 'failed', chunkCount: 0 });
    expect(doc.error).toMatch(
      /^the document makes \d+ chunks, more than the limit of 5 chunks per document \(INGEST_MAX_CHUNKS\)$/,
    );
  });

  it('ingests documents within the limits, and finds them', async () => {
    const pdf = await makePdf([
      ['Harbour log'],
      ['The lighthouse keeper counted forty-two gulls on the breakwater.'],
      ['End of the log.'],
    ]);
    const doc = await ingested('log.pdf', pdf);
    expect(doc).toMatchObject({ status: 'ready', error: null });
    const text = Array.from({ length: 4 }, (_, i) => paragraph(i)).join('\n\n');
    const notes = await ingested('notes.txt', Buffer.from(text));
    expect(notes).toMatchObject({ status: 'ready', chunkCount: 4 }); // one per paragraph

    const [hit] = await search(t.app, ann, 'lighthouse keeper gulls');
    expect(hit).toMatchObject({ documentId: doc.id, page: 2 });
    const found = await search(t.app, ann, 'Paragraph 3 about the harbour');
    expect(found.map((h) => h.documentId)).toContain(notes.id);
    const listed = await call(t.app, ann, { url: '/api/documents' });
    expect(listed.json<{ items: unknown[] }>().items).toHaveLength(5);
  });
});

describe('the all role', () => {
  beforeAll(() => assertBuilt());
  afterAll(() => killAll());

  it('prepares a document in a worker thread, not on the thread that answers HTTP', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'docket-ingest-thread-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = spawnDocket('all', {
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: base,
      HEARTBEAT_FILE: join(dataDir, 'heartbeat.json'),
      LOG_LEVEL: 'info',
    });
    await waitForStatus(`${base}/api/health/ready`, 200, server);
    const auth = await signUpOver(base);
    const added = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Tides', text: 'The tide turns twice a day.' }),
    });
    expect(added.status).toBe(202);
    const { id } = (await added.json()) as { id: string };

    const deadline = Date.now() + 30_000;
    let logged: { documentId: string; preparedInThread: number } | undefined;
    while (!logged && Date.now() < deadline) {
      logged = server
        .output()
        .split('\n')
        .filter((line) => line.includes('"document ingested"'))
        .map((line) => JSON.parse(line) as { documentId: string; preparedInThread: number })
        .find((entry) => entry.documentId === id);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The main thread's id is 0; a worker thread's is 1 or more.
    expect(logged, server.output()).toMatchObject({ documentId: id, chunks: 1 });
    expect(logged!.preparedInThread).toBeGreaterThan(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
