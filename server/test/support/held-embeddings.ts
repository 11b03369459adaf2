// An OpenAI-compatible /embeddings endpoint on 127.0.0.1 whose first request waits until the
// test calls release(): it holds an ingestion job at a point the test controls (its first
// embedding batch), with no timing involved. Vectors are the offline hashing ones.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashEmbedding } from '../../src/llm/hash-embedding.js';

export async function startHeldEmbeddings(dimensions: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
  let requests = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      if (requests === 1) arrived();
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { input: string[] };
      void released.then(() => {
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            object: 'list',
            data: body.input.map((text, index) => ({
              object: 'embedding',
              index,
              embedding: hashEmbedding(text, dimensions),
            })),
            usage: { prompt_tokens: 1, total_tokens: 1 },
          }),
        );
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    /** Resolves when the first embedding request has arrived (and is being held). */
    firstArrived,
    /** Answers the held request, and every later one at once. */
    release,
    /** How many embedding requests arrived. */
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Settings that point the embeddings at `baseUrl`. */
export const heldEmbeddingsEnv = (baseUrl: string, dimensions: number) => ({
  EMBEDDINGS_PROVIDER: 'openai',
  EMBEDDINGS_BASE_URL: baseUrl,
  EMBEDDINGS_MODEL: 'held',
  EMBEDDINGS_DIMENSIONS: String(dimensions),
});

/** Text of about 100 chunks: two batches or more of remote embeddings (64 a batch). */
export const LONG_TEXT = Array.from(
  { length: 100 },
  (_, i) =>
    `## Part ${i}\n\n${`Paragraph ${i} tells of lighthouses and their keepers. `.repeat(18)}`,
).join('\n\n');
