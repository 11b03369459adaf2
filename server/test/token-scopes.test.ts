// Scoped API tokens on PGlite and PostgreSQL: `read` tokens change nothing through REST, MCP or
// the chat agent's tools; tokens limited to collections read documents only through them; an
// expired token is refused like a revoked one, also while its verification is remembered; and
// a token made with a token never outranks or outlives it.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { VERIFIED_TOKEN_TTL_MS } from '../src/modules/tokens/verified.js';
import {
  SHARED_TOOL_NAMES,
  call,
  signUp,
  startTestApp,
  type TestApp,
  type TestUser,
} from './support/app.js';
import type { Backend } from './support/databases.js';
import { addText } from './support/documents.js';
import { chatEnvOf, startScriptedOpenAI, type ScriptedOpenAI } from './support/scripted-openai.js';
import { createCollection, putDocument } from './support/sharing.js';

interface TokenView {
  id: string;
  token: string;
  scopes: string[];
  collectionIds: string[] | null;
  expiresAt: string | null;
}

const READ_TOOLS = ['list_tasks', 'search_documents'];

describe.each<Backend>(['pglite', 'postgres'])('scoped tokens on %s', (kind) => {
  let provider: ScriptedOpenAI;
  let t: TestApp;
  let base: string;
  let ann: TestUser;
  let shared: string;
  let privateDoc: string;
  let coast: string;
  let other: string;
  const clients: Client[] = [];

  /** Ann's new token, made with `by` (her session cookie, or another of her tokens). */
  async function makeToken(body: Record<string, unknown>, by?: string) {
    return t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: by ? { authorization: `Bearer ${by}` } : { cookie: ann.cookie },
      payload: { name: 'scoped', ...body },
    });
  }
  async function token(body: Record<string, unknown>, by?: string): Promise<TokenView> {
    const made = await makeToken(body, by);
    expect(made.statusCode, made.body).toBe(201);
    return made.json<TokenView>();
  }
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const request = (token: string, method: string, url: string, payload?: object) =>
    t.app.inject({ method: method as 'GET', url, headers: as(token), payload });

  async function mcp(token: string) {
    const client = new Client({ name: 'docket-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/api/mcp`), {
        requestInit: { headers: as(token) },
      }),
    );
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    provider = await startScriptedOpenAI();
    t = await startTestApp(
      {
        ...chatEnvOf(provider),
      },
      { kind, jobs: 'local' },
    );
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    ann = await signUp(t.app, 'ann');
    shared = await addText(t.app, ann, 'Harbour', 'The harbour crane lifts containers at dawn.');
    privateDoc = await addText(t.app, ann, 'Secret', 'The harbour vault code is kept here.');
    coast = await createCollection(t.app, ann, 'Coast');
    other = await createCollection(t.app, ann, 'Other');
    expect((await putDocument(t.app, ann, coast, shared)).statusCode).toBe(204);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await t.close();
    await provider.close();
  });
  afterEach(() => vi.useRealTimers());

  it('shows each token’s scopes, collections and expiry; write includes read', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    await token({ scopes: ['write'], collectionIds: [coast], expiresAt });
    const listed = await call(t.app, ann, { url: '/api/tokens' });
    const items = listed.json<{ items: TokenView[] }>().items;
    expect(items[0]).toMatchObject({
      scopes: ['read', 'write'],
      collectionIds: [coast],
      expiresAt,
    });
    // The token signUp made, like every token made before scopes: read and write, no expiry.
    expect(items.at(-1)).toMatchObject({
      scopes: ['read', 'write'],
      collectionIds: null,
      expiresAt: null,
    });
    const past = await makeToken({ expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    const unseen = await makeToken({ collectionIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unseen.statusCode).toBe(404);
  });

  it('lets a read token read, ask and search, and refuses it every change (403)', async () => {
    const reader = (await token({ scopes: ['read'] })).token;
    for (const url of ['/api/tasks', '/api/documents', '/api/collections', '/api/tokens'])
      expect((await request(reader, 'GET', url)).statusCode, url).toBe(200);
    const changes: [string, string, object?][] = [
      ['POST', '/api/tasks', { title: 'no' }],
      ['POST', '/api/documents', { title: 'no', text: 'no' }],
      ['DELETE', `/api/documents/${shared}`],
      ['POST', '/api/collections', { name: 'no' }],
      ['DELETE', `/api/collections/${coast}`],
      ['PUT', `/api/collections/${coast}/documents/${privateDoc}`],
      ['POST', '/api/tokens', { name: 'no' }],
      ['POST', '/api/diagnostics/jobs', {}],
    ];
    for (const [method, url, payload] of changes) {
      const refused = await request(reader, method, url, payload);
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect((await call(t.app, ann, { url: `/api/documents/${shared}` })).statusCode).toBe(200);
  });

  it('offers a read token only the MCP tools that read, and refuses the others', async () => {
    const reader = await mcp((await token({ scopes: ['read'] })).token);
    const names = (await reader.listTools()).tools.map((tool) => tool.name).sort();
    expect(names).toEqual(READ_TOOLS);
    const refused = (await reader.callTool({
      name: 'create_task',
      arguments: { title: 'sneaked in' },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    const writer = await mcp(ann.token);
    expect((await writer.listTools()).tools.map((tool) => tool.name).sort()).toEqual(
      SHARED_TOOL_NAMES,
    );
    const tasks = await call(t.app, ann, { url: '/api/tasks' });
    expect(JSON.stringify(tasks.json())).not.toContain('sneaked in');
  });

  it('gives the chat agent of a read token only the tools that read', async () => {
    const reader = (await token({ scopes: ['read'] })).token;
    provider.scriptChat([{ text: 'Nothing changed.' }]);
    const asked = await request(reader, 'POST', '/api/chat', { message: 'Add a task please' });
    expect(asked.statusCode, asked.body).toBe(200);
    const offered = provider
      .chatRequests()
      .at(-1)!
      .tools!.map((tool) => tool.function.name);
    expect(offered.sort()).toEqual(READ_TOOLS);
    // The conversation is the read token's record, but renaming or deleting it is a change.
    const { conversationId } = asked.json<{ conversationId: string }>();
    const rename = await request(reader, 'PATCH', `/api/conversations/${conversationId}`, {
      title: 'x',
    });
    expect(rename.statusCode).toBe(403);
  });

  it('limits a token to its collections: documents, search, MCP and collections alike', async () => {
    const limited = (await token({ collectionIds: [coast] })).token;
    const listed = (await request(limited, 'GET', '/api/documents')).json<{
      items: { id: string }[];
    }>();
    expect(listed.items.map((d) => d.id)).toEqual([shared]);
    expect((await request(limited, 'GET', `/api/documents/${privateDoc}`)).statusCode).toBe(404);
    const hits = (await request(limited, 'GET', '/api/search?q=harbour')).json<{
      results: { documentId: string }[];
    }>().results;
    expect(new Set(hits.map((h) => h.documentId))).toEqual(new Set([shared]));
    const collections = (await request(limited, 'GET', '/api/collections')).json<{
      items: { id: string }[];
    }>();
    expect(collections.items.map((c) => c.id)).toEqual([coast]);
    expect((await request(limited, 'GET', `/api/collections/${other}`)).statusCode).toBe(404);
    expect(
      (await request(limited, 'GET', `/api/search?q=harbour&collectionId=${other}`)).statusCode,
    ).toBe(404);

    const client = await mcp(limited);
    const found = (await client.callTool({
      name: 'search_documents',
      arguments: { q: 'harbour vault code' },
    })) as CallToolResult;
    const results = (found.structuredContent as { results: { documentId: string }[] }).results;
    expect(new Set(results.map((r) => r.documentId))).toEqual(new Set([shared]));
    // The full token's MCP search takes the same collection scope on request.
    const scoped = (await (
      await mcp(ann.token)
    ).callTool({
      name: 'search_documents',
      arguments: { q: 'harbour vault code', collectionId: coast },
    })) as CallToolResult;
    const inCoast = (scoped.structuredContent as { results: { documentId: string }[] }).results;
    expect(new Set(inCoast.map((r) => r.documentId))).toEqual(new Set([shared]));
  });

  it('makes tokens with a token no broader and no longer-lived than it', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const parent = await token({ collectionIds: [coast], expiresAt });
    const child = await token({ name: 'child' }, parent.token);
    expect(child).toMatchObject({ scopes: ['read', 'write'], collectionIds: [coast], expiresAt });
    expect((await makeToken({ collectionIds: [other] }, parent.token)).statusCode).toBe(404);
    const reader = await token({ scopes: ['read'] });
    expect((await makeToken({}, reader.token)).statusCode).toBe(403);
  });

  it('refuses an expired token (401), even one verified moments before', async () => {
    const soon = await token({ expiresAt: new Date(Date.now() + 1_500).toISOString() });
    expect((await request(soon.token, 'GET', '/api/tasks')).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const refused = await request(soon.token, 'GET', '/api/tasks');
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });

    // An expiry set by another process takes effect within the cache's bound, like a revoke.
    const later = await token({});
    expect((await request(later.token, 'GET', '/api/tasks')).statusCode).toBe(200);
    await t.database.db.execute(
      sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${later.id}`,
    );
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + VERIFIED_TOKEN_TTL_MS + 1 });
    expect((await request(later.token, 'GET', '/api/tasks')).statusCode).toBe(401);
  });
});
