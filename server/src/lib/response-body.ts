// Reading a response body within a size limit that holds after decompression too (gzip, deflate
// and brotli; a compression bomb stops at the limit), and within the fetch's deadline.
import type http from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { FetchFailedError, permanent } from './safe-fetch-errors.js';

/** The whole body as bytes; FetchFailedError when it is too large, cut short or undecodable. */
export async function readBody(
  response: http.IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const tooLarge = () =>
    new FetchFailedError(`the response is larger than ${maxBytes} bytes`, permanent);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let stream: Readable = response;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = response.pipe(zlib.createInflate());
  else if (encoding === 'br') stream = response.pipe(zlib.createBrotliDecompress());
  else if (encoding !== 'identity' && encoding !== '') {
    response.destroy();
    throw new FetchFailedError(`unsupported content encoding ${encoding}`, permanent);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        reject(error);
        response.destroy();
        stream.destroy();
      };
      const onAbort = () => fail(signal.reason as Error);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) return fail(tooLarge());
        chunks.push(chunk);
      });
      stream.once('end', () => {
        if (!response.complete) {
          fail(new FetchFailedError('the connection closed before the whole response arrived'));
          return;
        }
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      const onError = (error: Error) => {
        fail(
          error instanceof FetchFailedError
            ? error
            : new FetchFailedError(`could not read the response: ${error.message}`),
        );
      };
      stream.once('error', onError);
      if (stream !== response) response.once('error', onError);
      response.once('aborted', () => onError(new Error('the connection was closed')));
    });
  } catch (error) {
    if (signal.aborted && !(error instanceof FetchFailedError)) throw signal.reason as Error;
    throw error;
  }
  const buffer = Buffer.concat(chunks, total);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
