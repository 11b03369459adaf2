// Reranking after fusion (RERANK_PROVIDER), through the API and the search service, against a
// SCRIPTED reranker started by this test on 127.0.0.1 (it stands in for Cohere, Jina, vLLM or
// TEI, which these machines cannot reach): the fused passages are reordered by its scores, and
// when it fails, hangs or answers nonsense the search answers in fused order and warns.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullAccess } from '../src/access/actor.js';
import { users } from '../src/modules/auth/tables.js';
import { testConfig } from './support/databases.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { settled } from './support/documents.js';
import { startScriptedReranker, type ScriptedReranker } from './support/scripted-reranker.js';
import { searchDocuments } from '../src/modules/search/service.js';

const DOCUMENTS = {
  grass: 'Savanna grass grows tall in the savanna rainy season; savanna fires clear it.',
  lion: 'The lion sleeps most of the day in the savanna shade.',
  zebra: 'Stripes of the zebra confuse the flies that bite on the savanna.',
};

/** The scripted reranker's judgement: zebras first, then lions, then anything else. */
const score = (_query: string, text: string) =>
  text.includes('zebra') ? 0.9 : text.includes('lion') ? 0.5 : 0.1;

interface Result {
  text: string;
  relevance?: number;
}

describe('reranking', () => {
  let reranker: ScriptedReranker;
  let t: TestApp;
  let ann: TestUser;
  let annId: string;
  const env = () => ({
    RERANK_PROVIDER: 'cohere-compatible',
    RERANK_BASE_URL: reranker.cohereBaseUrl,
    RERANK_MODEL: 'scripted-rerank',
    RERANK_API_KEY: 'rk-test',
    RERANK_TIMEOUT_MS: '500',
  });
  const searchFor = async (q: string, limit = 2) => {
    const response = await call(t.app, ann, { url: `/api/search?q=${q}&limit=${limit}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ results: Result[] }>().results;
  };
  /** The same search through the service, with a logger that keeps the warnings. */
  const searchWith = async (overrides: Record<string, string>) => {
    const warnings: string[] = [];
    const config = testConfig({ ...env(), ...overrides });
    const logger = { warn: (details: object, message: string) => warnings.push(message) };
    const { results } = await searchDocuments(
      t.database.db,
      { ...config, logger },
      fullAccess(annId),
      {
        q: 'savanna',
        limit: 2,
      },
    );
    return { results: results as Result[], warnings };
  };

  beforeAll(async () => {
    reranker = await startScriptedReranker(score);
    t = await startTestApp(env(), { kind: 'pglite', jobs: 'local' });
    ann = await signUp(t.app, 'ann');
    const [row] = await t.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, ann.email));
    annId = row!.id;
    for (const [title, text] of Object.entries(DOCUMENTS)) {
      const added = await call(t.app, ann, {
        method: 'POST',
        url: '/api/documents',
        payload: { title, text },
      });
      expect((await settled(t.app, ann, added.json<{ id: string }>().id)).status).toBe('ready');
    }
  });
  afterAll(async () => {
    await t.close();
    await reranker.close();
  });

  it("reorders the fused passages by the reranker's scores, with its relevance in each result", async () => {
    const fused = (await searchWith({ RERANK_PROVIDER: 'off' })).results;
    expect(fused[0]!.text).toBe(DOCUMENTS.grass); // the words' favourite
    expect(fused[0]!.relevance).toBeUndefined();

    const results = await searchFor('savanna');
    expect(results.map((r) => [r.text, r.relevance])).toEqual([
      [DOCUMENTS.zebra, 0.9],
      [DOCUMENTS.lion, 0.5],
    ]);
    // Every fused candidate (up to RERANK_CANDIDATES) went to the reranker, not only the two asked for.
    expect(reranker.requests.at(-1)).toEqual({
      path: '/v1/rerank',
      authorization: 'Bearer rk-test',
      body: {
        model: 'scripted-rerank',
        query: 'savanna',
        documents: expect.arrayContaining(Object.values(DOCUMENTS)),
        top_n: 3,
      },
    });
  });

  it('speaks Text Embeddings Inference’s format too', async () => {
    const { results, warnings } = await searchWith({
      RERANK_PROVIDER: 'tei',
      RERANK_BASE_URL: reranker.teiBaseUrl,
    });
    expect(warnings).toEqual([]);
    expect(results.map((r) => r.text)).toEqual([DOCUMENTS.zebra, DOCUMENTS.lion]);
    expect(reranker.requests.at(-1)).toMatchObject({
      path: '/tei/rerank',
      body: { query: 'savanna', texts: expect.arrayContaining(Object.values(DOCUMENTS)) },
    });
  });

  it.each(['fail', 'hang', 'nonsense'] as const)(
    'keeps the fused order, and warns, when the reranker does "%s"',
    async (behaviour) => {
      reranker.behave(behaviour);
      try {
        const fused = (await searchWith({ RERANK_PROVIDER: 'off' })).results;
        const { results, warnings } = await searchWith({});
        expect(results).toEqual(fused);
        expect(warnings).toEqual(['reranking failed: search results keep the fused order']);
        // Through the API: the same answer, not an error.
        expect((await searchFor('savanna')).map((r) => r.text)).toEqual(fused.map((r) => r.text));
      } finally {
        reranker.behave('answer');
      }
    },
  );
});
