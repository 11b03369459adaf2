// Request bodies have limits per route (issue 11, point 5): JSON routes take JSON_BODY_MAX_BYTES
// (1 MB), chat less, and nesting beyond MAX_JSON_DEPTH is refused before parsing; only the
// upload route takes a large body, a file streamed under UPLOAD_MAX_BYTES (25 MB), refused with
// 413 as soon as it passes, over a real socket, without the rest being read. Multipart that is
// broken (no boundary, cut off) or empty answers 400 naming the body or the file.
import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/http/json-body.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';

const UPLOAD_MAX_BYTES = 25 * 1024 * 1024;
const JSON_BODY_MAX_BYTES = 1024 * 1024;
const BOUNDARY = 'docket-limits';

interface ErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

const filePart = (fileName: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`;
const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

function multipart(fileName: string, content: Buffer) {
  return {
    method: 'POST' as const,
    url: '/api/documents',
    headers: { 'content-type': MULTIPART_TYPE },
    payload: Buffer.concat([
      Buffer.from(filePart(fileName)),
      content,
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]),
  };
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * Sends a request head and some of its body over a socket and never finishes it: the status
 * line of the answer, once the server has answered and closed the connection.
 */
async function answerToUnfinished(port: number, head: string[], body: Buffer[]) {
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('error', () => {}); // the server may reset a connection whose body it refuses
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  for (const chunk of body) socket.write(chunk);
  await once(socket, 'close');
  return Buffer.concat(received).toString('latin1').split('\r\n')[0];
}

/** The head of an upload to /api/documents, its body framed by `framing` (a length or chunked). */
const uploadHead = (port: number, authorization: string, framing: string) => [
  'POST /api/documents HTTP/1.1',
  `host: 127.0.0.1:${port}`,
  `authorization: ${authorization}`,
  `content-type: ${MULTIPART_TYPE}`,
  framing,
];

/** One chunk of a chunked body. */
const chunk = (data: Buffer) =>
  Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);

describe('body limits', () => {
  let t: TestApp;
  let ann: TestUser;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    ann = await signUp(t.app, 'ann');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => t.close());

  it('answers 413 to JSON over JSON_BODY_MAX_BYTES, pasted text included, and closes the connection', async () => {
    for (const request of [
      { url: '/api/tasks', payload: { title: 'x', notes: 'a'.repeat(JSON_BODY_MAX_BYTES) } },
      { url: '/api/documents', payload: { title: 'x', text: 'a'.repeat(2 * JSON_BODY_MAX_BYTES) } },
    ]) {
      const response = await call(t.app, ann, { method: 'POST', ...request });
      expect(response.statusCode, request.url).toBe(413);
      expect(response.json<ErrorBody>().error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(response.json<ErrorBody>().error.message).toContain(`${JSON_BODY_MAX_BYTES} bytes`);
      expect(response.headers.connection).toBe('close');
    }
    expect((await call(t.app, ann, { url: '/api/documents' })).json()).toMatchObject({ items: [] });
  });

  it('gives chat the smallest limit that fits a 20,000-character message', async () => {
    const longest = await call(t.app, ann, {
      method: 'POST',
      url: '/api/chat',
      payload: { message: '\u0001'.repeat(20_000) }, // each escaped as \u0001: 6 bytes
    });
    expect(longest.statusCode, longest.body).toBe(200);
    const over = await call(t.app, ann, {
      method: 'POST',
      url: '/api/chat',
      payload: { message: 'a'.repeat(200_000) },
    });
    expect(over.statusCode).toBe(413);
    expect(over.json<ErrorBody>().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels with 400, before parsing it`, async () => {
    for (const url of ['/api/tasks', '/api/documents', '/api/chat', '/api/mcp']) {
      const response = await call(t.app, ann, {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: `{"title":"x","notes":${nested(50_000)}}`,
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json<ErrorBody>().error).toMatchObject({
        code: 'JSON_TOO_DEEP',
        details: [{ field: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
      });
    }
    // At the limit the parser reads it, and validation has its say; brackets in strings are text.
    const atLimit = await call(t.app, ann, {
      method: 'POST',
      url: '/api/tasks',
      headers: { 'content-type': 'application/json' },
      payload: `{"title":"x","tags":${nested(MAX_JSON_DEPTH - 1)}}`,
    });
    expect(atLimit.json<ErrorBody>().error.code).toBe('VALIDATION_ERROR');
    const overLimit = await call(t.app, ann, {
      method: 'POST',
      url: '/api/tasks',
      headers: { 'content-type': 'application/json' },
      payload: `{"title":"x","tags":${nested(MAX_JSON_DEPTH)}}`,
    });
    expect(overLimit.json<ErrorBody>().error.code).toBe('JSON_TOO_DEEP');
    const inText = await call(t.app, ann, {
      method: 'POST',
      url: '/api/tasks',
      payload: { title: `[{"${'['.repeat(100)}`, notes: '{'.repeat(10_000) },
    });
    expect(inText.statusCode, inText.body).toBe(201);
  });

  it('still takes a file near UPLOAD_MAX_BYTES, and answers 413 just above it', async () => {
    const near = await call(
      t.app,
      ann,
      multipart('near.txt', Buffer.alloc(UPLOAD_MAX_BYTES - 1024, 'a')),
    );
    expect(near.statusCode, near.body).toBe(202);
    const over = await call(
      t.app,
      ann,
      multipart('over.txt', Buffer.alloc(UPLOAD_MAX_BYTES + 1, 'a')),
    );
    expect(over.statusCode).toBe(413);
    expect(over.json<ErrorBody>().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('UPLOAD_MAX_BYTES'),
    });
    const listed = (await call(t.app, ann, { url: '/api/documents' })).json<{
      items: { title: string }[];
    }>();
    expect(listed.items.map((d) => d.title)).toEqual(['near']);
  });

  it('answers 413 to a declared length over the limit before any of the body is sent', async () => {
    const status = await answerToUnfinished(
      port,
      uploadHead(port, ann.auth.authorization, `content-length: ${4 * UPLOAD_MAX_BYTES}`),
      [],
    );
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('answers 413 to a streamed file as soon as it passes the limit, without reading the rest', async () => {
    // Chunked, so no length is declared; the body is never finished: only an answer given
    // while it is still arriving ends this request.
    const piece = Buffer.alloc(1024 * 1024, 'a');
    const pieces = Math.ceil(UPLOAD_MAX_BYTES / piece.length) + 2;
    const framed = chunk(piece);
    const status = await answerToUnfinished(
      port,
      uploadHead(port, ann.auth.authorization, 'transfer-encoding: chunked'),
      [
        chunk(Buffer.from(filePart('endless.txt'))),
        ...Array.from({ length: pieces }, () => framed),
      ],
    );
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it.each([
    ['without a boundary', 'multipart/form-data', 'anything', 'body'],
    ['cut off in the part headers', MULTIPART_TYPE, `--${BOUNDARY}\r\nContent-Disp`, 'body'],
    ['cut off in the file', MULTIPART_TYPE, `${filePart('a.txt')}some text`, 'body'],
    [
      'with an empty file',
      MULTIPART_TYPE,
      `${filePart('a.txt')}\r\n--${BOUNDARY}--\r\n`,
      'body.file',
    ],
    [
      'with NUL in the file name',
      MULTIPART_TYPE,
      `${filePart('a\u0000.txt')}hi\r\n--${BOUNDARY}--\r\n`,
      'body.file.filename',
    ],
    ['with no file', MULTIPART_TYPE, `--${BOUNDARY}--\r\n`, 'body.file'],
  ])(
    'answers 400 to multipart %s, naming the body or the file',
    async (_name, type, payload, field) => {
      const response = await call(t.app, ann, {
        method: 'POST',
        url: '/api/documents',
        headers: { 'content-type': type },
        payload,
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json<ErrorBody>().error.details?.[0]?.field).toBe(field);
    },
  );
});
