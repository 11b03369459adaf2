// GET /api/documents/:id/original (issue 16, point 4), on PGlite and PostgreSQL: the owner gets
// the exact bytes that were stored (a file of several source parts, pasted text, a fetched page),
// always as a download that no browser renders as a page of our origin; anyone else gets 404.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/modules/auth/tables.js';
import { insertDocument, SOURCE_PART_BYTES } from '../src/modules/documents/queries.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import type { Backend } from './support/databases.js';
import { settled, upload } from './support/documents.js';

const PAGE =
  '<!doctype html><html><head><title>Fetched</title></head><body><p>Fetched page body.</p></body></html>';

/** A page on 127.0.0.1 for URL documents. */
async function startPage(): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/page` };
}

/** Text of several source parts, with non-ASCII characters and CRLF line ends. */
function bigText(): Buffer {
  const lines: Buffer[] = [];
  let length = 0;
  for (let i = 0; length < 2.5 * SOURCE_PART_BYTES; i++) {
    lines.push(Buffer.from(`Line ${i}: café ${randomBytes(24).toString('hex')}\r\n`, 'utf8'));
    length += lines[i]!.length;
  }
  return Buffer.concat(lines);
}

/** The file name a Content-Disposition header gives in its RFC 5987 `filename*`. */
function extendedFileName(disposition: string): string {
  const match = /filename\*=UTF-8''([^;\s]+)/.exec(disposition);
  expect(match, disposition).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

describe.each<Backend>(['pglite', 'postgres'])('original documents on %s', (kind) => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let page: Awaited<ReturnType<typeof startPage>>;

  beforeAll(async () => {
    page = await startPage();
    // Ingestion fails fast past 1,000 characters: these tests are about the bytes kept.
    t = await startTestApp(
      { INGEST_ALLOWED_HOSTS: '127.0.0.1', UPLOAD_MAX_BYTES: '2000000', INGEST_MAX_CHARS: '1000' },
      { kind, jobs: 'local' },
    );
    ann = await signUp(t.app, 'ann');
    bob = await signUp(t.app, 'bob');
  });
  afterAll(async () => {
    await t.close();
    page.server.close();
  });

  const original = (user: TestUser | undefined, id: string) =>
    call(t.app, user, { url: `/api/documents/${id}/original` });

  it('gives the owner the exact bytes of a file larger than one part, as a download; others 404', async () => {
    const bytes = bigText();
    expect(bytes.length).toBeGreaterThan(2 * SOURCE_PART_BYTES);
    const added = await upload(t.app, ann, 'big notes.txt', bytes);
    expect(added.statusCode, added.body).toBe(202);
    const { id } = added.json<{ id: string }>();

    const response = await original(ann, id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.rawPayload.equals(bytes)).toBe(true);
    expect(response.headers['content-type']).toBe('text/plain');
    expect(response.headers['content-disposition']).toMatch(/^attachment; /);
    expect(extendedFileName(String(response.headers['content-disposition']))).toBe('big notes.txt');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBe('sandbox');

    const other = await original(bob, id);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('café');
    expect((await original(undefined, id)).statusCode).toBe(401);
  });

  it('sends an HTML upload as an octet-stream attachment, never as a page', async () => {
    const html = Buffer.from(
      '<!doctype html><html><body><h1>Hi</h1><script>alert(document.cookie)</script></body></html>',
    );
    const added = await upload(t.app, ann, 'page.html', html);
    expect(added.statusCode, added.body).toBe(202);
    const response = await original(ann, added.json<{ id: string }>().id);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(html)).toBe(true);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.headers['content-disposition']).toMatch(/^attachment; /);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBe('sandbox');
  });

  it('serves pasted text as stored, and a URL document as the page that was fetched', async () => {
    const text = '# Pasted\n\nSome words, pasted.';
    const pasted = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: { title: 'My notes', text },
    });
    const pastedResponse = await original(ann, pasted.json<{ id: string }>().id);
    expect(pastedResponse.body).toBe(text);
    expect(pastedResponse.headers['content-type']).toBe('text/markdown');
    expect(extendedFileName(String(pastedResponse.headers['content-disposition']))).toBe(
      'My notes.md',
    );

    const added = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: { url: page.url },
    });
    const doc = await settled(t.app, ann, added.json<{ id: string }>().id);
    expect(doc.status, doc.error ?? '').toBe('ready');
    const fetched = await original(ann, doc.id);
    expect(fetched.body).toBe(PAGE);
    expect(fetched.headers['content-type']).toBe('application/octet-stream');
  });

  it('sanitises a hostile file name: no quotes, line breaks, control characters or path', async () => {
    const [owner] = await t.database.db.select().from(users).where(eq(users.email, ann.email));
    const hostile = '../..\\etc/x"\r\nSet-Cookie: a=b\u202Egpj.exe"';
    const row = await insertDocument(
      t.database.db,
      {
        userId: owner!.id,
        title: 'Hostile',
        source: 'upload',
        fileName: hostile,
        kind: 'text',
        sizeBytes: 2,
      },
      { content: Buffer.from('hi') },
    );
    const response = await original(ann, row.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).not.toMatch(/[\r\n\u202E]/);
    const name = extendedFileName(disposition);
    expect(name).toBe('xSet-Cookie: a=bgpj.exe');
    const fallback = /filename="([^"]*)"/.exec(disposition);
    expect(fallback?.[1]).toBe(name);
  });

  it('describes the route in the OpenAPI document as a binary download', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json<{
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    }>();
    expect(doc.paths['/api/documents/{id}/original']?.get?.responses['200']).toMatchObject({
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    });
  });
});
