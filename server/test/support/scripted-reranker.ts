// A scripted reranking server on 127.0.0.1. It STANDS IN FOR A REAL RERANKER (no model is
// reachable here): it answers `POST <base>/rerank` in Cohere's format (`/v1/rerank`: Cohere,
// Jina, vLLM) and in Text Embeddings Inference's (`/tei/rerank`), scoring each text with the
// function the test gives it; it can be told to fail, hang or answer nonsense.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RerankBehaviour = 'answer' | 'fail' | 'hang' | 'nonsense';

export interface ScriptedReranker {
  /** The base for RERANK_PROVIDER=cohere-compatible. */
  cohereBaseUrl: string;
  /** The base for RERANK_PROVIDER=tei. */
  teiBaseUrl: string;
  requests: { path: string; body: Record<string, unknown>; authorization?: string }[];
  behave(behaviour: RerankBehaviour): void;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
}

/** `score(query, text)`: the relevance the scripted reranker gives a text. */
export async function startScriptedReranker(
  score: (query: string, text: string) => number,
): Promise<ScriptedReranker> {
  const requests: ScriptedReranker['requests'] = [];
  let behaviour: RerankBehaviour = 'answer';
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readJson(request);
      requests.push({
        path: request.url ?? '',
        body,
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      });
      if (behaviour === 'hang') return; // never answers
      response.setHeader('content-type', 'application/json');
      if (behaviour === 'fail') {
        response.statusCode = 503;
        response.end(JSON.stringify({ message: 'scripted failure' }));
        return;
      }
      if (behaviour === 'nonsense') {
        response.end(JSON.stringify({ results: 'not a list' }));
        return;
      }
      const query = String(body.query);
      const texts = (request.url === '/tei/rerank' ? body.texts : body.documents) as string[];
      const scored = texts
        .map((text, index) => ({ index, score: score(query, text) }))
        .sort((a, b) => b.score - a.score);
      response.end(
        JSON.stringify(
          request.url === '/tei/rerank'
            ? scored
            : {
                id: 'scripted',
                results: scored.map((s) => ({ index: s.index, relevance_score: s.score })),
              },
        ),
      );
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    cohereBaseUrl: `http://127.0.0.1:${port}/v1`,
    teiBaseUrl: `http://127.0.0.1:${port}/tei`,
    requests,
    behave: (next) => {
      behaviour = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
