// Documents through the API, for the tests: multipart uploads, waiting for ingestion to end,
// and search.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { call, type TestUser } from './app.js';

export interface Doc {
  id: string;
  status: string;
  progress: number;
  error: string | null;
  chunkCount: number;
  title: string;
  kind: string | null;
}
export interface Hit {
  documentId: string;
  chunkId: string;
  text: string;
  page?: number;
  heading?: string;
  title: string;
  ocr: boolean;
}

export function multipart(fileName: string, content: Buffer) {
  const boundary = `----docket${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n`,
    ),
    Buffer.from('Content-Type: application/octet-stream\r\n\r\n'),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(
  app: FastifyInstance,
  user: TestUser,
  fileName: string,
  content: Buffer,
) {
  const { payload, headers } = multipart(fileName, content);
  return call(app, user, { method: 'POST', url: '/api/documents', payload, headers });
}

export async function settled(app: FastifyInstance, user: TestUser, id: string): Promise<Doc> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const doc = (await call(app, user, { url: `/api/documents/${id}` })).json<Doc>();
    if (doc.status === 'ready' || doc.status === 'failed') return doc;
    if (Date.now() > deadline) throw new Error(`document ${id} still ${doc.status} (${doc.error})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function search(app: FastifyInstance, user: TestUser, q: string): Promise<Hit[]> {
  const response = await call(app, user, { url: `/api/search?q=${encodeURIComponent(q)}&limit=5` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ results: Hit[] }>().results;
}

/** Pasted text, ingested: its id once it is ready (the app must run jobs). */
export async function addText(
  app: FastifyInstance,
  user: TestUser,
  title: string,
  text: string,
): Promise<string> {
  const added = await call(app, user, {
    method: 'POST',
    url: '/api/documents',
    payload: { title, text },
  });
  expect(added.statusCode, added.body).toBe(202);
  const { id } = added.json<{ id: string }>();
  expect(await settled(app, user, id)).toMatchObject({ status: 'ready' });
  return id;
}
