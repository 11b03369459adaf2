// Embeddings through an OpenAI-compatible provider, and switching models. The provider here
// is a SCRIPTED OpenAI-compatible server started by this test on 127.0.0.1: it stands in for
// a real model (OpenAI, Ollama, vLLM…), which these machines cannot reach.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import {
  assertEmbeddingsMatch,
  EmbeddingMismatchError,
} from '../src/modules/documents/embedding-settings.js';
import { reembedAll } from '../src/modules/documents/reembed.js';
import { call, signUp, startTestApp, type TestApp } from './support/app.js';
import { silentLogger } from './support/databases.js';
import { startScriptedOpenAI, type ScriptedOpenAI } from './support/scripted-openai.js';

async function waitReady(t: TestApp, user: Awaited<ReturnType<typeof signUp>>, id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const doc = (await call(t.app, user, { url: `/api/documents/${id}` })).json<{
      status: string;
      error: string;
    }>();
    if (doc.status === 'ready') return doc;
    if (doc.status === 'failed' || Date.now() > deadline)
      throw new Error(`document ${doc.status}: ${doc.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('embeddings', () => {
  let provider: ScriptedOpenAI;
  const providerEnv = () => ({
    EMBEDDINGS_PROVIDER: 'openai',
    EMBEDDINGS_BASE_URL: provider.baseUrl,
    EMBEDDINGS_MODEL: 'scripted-embed',
    EMBEDDINGS_DIMENSIONS: '64',
    EMBEDDINGS_API_KEY: 'sk-test',
  });

  beforeAll(async () => {
    provider = await startScriptedOpenAI();
  });
  afterAll(async () => provider.close());

  it('ingests and searches through an OpenAI-compatible endpoint, riding out provider errors', async () => {
    const t = await startTestApp(providerEnv(), { jobs: 'local' });
    const user = await signUp(t.app, 'emb');
    provider.failNext(1, 503);
    const added = await call(t.app, user, {
      method: 'POST',
      url: '/api/documents',
      payload: {
        title: 'Bees',
        text: 'Honey bees communicate the direction of flowers with a waggle dance.',
      },
    });
    await waitReady(t, user, added.json<{ id: string }>().id);
    const stored = await t.database.db.execute<{ model: string; dimensions: number }>(
      sql`select distinct embedding_model as model, dimensions from document_chunks`,
    );
    expect(stored.rows).toEqual([{ model: 'openai:scripted-embed', dimensions: 64 }]);
    const embedCalls = provider.requests.filter((r) => r.path === '/v1/embeddings');
    expect(embedCalls.length).toBeGreaterThanOrEqual(2);
    expect(embedCalls.at(-1)!.body).toMatchObject({ model: 'scripted-embed', dimensions: 64 });

    const results = (await call(t.app, user, { url: '/api/search?q=waggle%20dance' })).json<{
      results: { title: string }[];
    }>();
    expect(results.results[0]?.title).toBe('Bees');
    await t.close();
  });

  it('detects a changed embedding model at start-up, and re-embeds every chunk on demand', async () => {
    const t = await startTestApp({}, { jobs: 'local' });
    const user = await signUp(t.app, 'switch');
    const added = await call(t.app, user, {
      method: 'POST',
      url: '/api/documents',
      payload: { title: 'Owls', text: 'Barn owls hunt by sound alone, in complete darkness.' },
    });
    await waitReady(t, user, added.json<{ id: string }>().id);

    const switched = loadConfig({
      AUTH_SECRET: 'x'.repeat(40),
      DATA_DIR: '/nonexistent',
      ...providerEnv(),
    });
    const mismatch = assertEmbeddingsMatch(t.database.db, switched.embeddings);
    await expect(mismatch).rejects.toBeInstanceOf(EmbeddingMismatchError);
    await expect(mismatch).rejects.toThrow(
      /offline:offline-hash-v2 \(384 dimensions\).*openai:scripted-embed \(64 dimensions\).*npm run reembed/s,
    );

    expect(await reembedAll(t.database.db, switched.embeddings, silentLogger)).toBeGreaterThan(0);
    await expect(
      assertEmbeddingsMatch(t.database.db, switched.embeddings),
    ).resolves.toBeUndefined();
    const stored = await t.database.db.execute<{ model: string; dimensions: number }>(
      sql`select distinct embedding_model as model, dimensions from document_chunks`,
    );
    expect(stored.rows).toEqual([{ model: 'openai:scripted-embed', dimensions: 64 }]);
    await t.close();
  });
});
