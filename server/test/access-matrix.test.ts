// The proof that nothing leaks, on PGlite and PostgreSQL. Every route of /api/docs/json is
// called by every kind of caller (a collection's owner, editor and viewer, a stranger, an
// administrator, the owner's read-only token, an expired token, a disabled account's token and
// session, no credentials) on the owner's objects, and must answer what its declared access
// (`x-access`) says: let through, 401, 403 or 404. Every response is also searched for the
// owner's marker words: a viewer never sees the owner's private ones, a stranger no marker at
// all. Then every MCP tool (from the server's own list) and chat's citations, the same way.
// The routes, their declarations and the tools come from the server: a new route or tool is
// checked as it is added, and one whose access the matrix does not understand fails it.
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../src/modules/auth/better-auth.js';
import type { MessageView } from '../src/modules/chat/schemas.js';
import { changeUser, userByEmail } from '../src/modules/users/service.js';
import {
  CALLERS,
  expectedFor,
  fixturesFor,
  type Caller,
  type DeclaredAccess,
  type Expected,
  type Fixture,
} from './support/access-matrix.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { testConfig, type Backend } from './support/databases.js';
import { addText } from './support/documents.js';
import { createCollection, putDocument, share, userIdOf } from './support/sharing.js';

/** Words only the owner's private things hold, and words of what the owner shared. */
const PRIVATE = `private${randomBytes(4).toString('hex')}`;
const SHARED = `shared${randomBytes(4).toString('hex')}`;

interface Operation {
  'x-access'?: DeclaredAccess;
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: unknown;
}
interface Route {
  method: string;
  path: string;
  operation: Operation;
}

/** The owner's objects a route's parameters name. */
interface Objects {
  task: string;
  conversation: string;
  token: string;
  'diagnostic-job': string;
  document: Record<Fixture, string>;
  collection: string;
  /** A document in `collection`. */
  collectionDocument: string;
  /** A member of `collection` who is none of the callers. */
  member: string;
  /** The answer in `conversation` (a branch to show). */
  message: string;
  /** For the administration routes: an account that is none of the callers, an invitation, an
   * external MCP server. */
  account: string;
  invite: string;
  mcpServer: string;
}

/** What `{id}` names on the administration routes, which act on no one's own object. */
const ADMIN_IDS: Record<string, 'account' | 'invite' | 'mcpServer'> = {
  'PATCH /api/users/{id}': 'account',
  'DELETE /api/users/{id}': 'account',
  'DELETE /api/users/invites/{id}': 'invite',
  'PATCH /api/admin/mcp-servers/{id}': 'mcpServer',
  'DELETE /api/admin/mcp-servers/{id}': 'mcpServer',
  'GET /api/admin/mcp-servers/{id}/tools': 'mcpServer',
};
/** Where the matrix's MCP servers are: nothing answers there (listing tools: 502). */
const MCP_URL = 'http://127.0.0.1:9/mcp';

/** A valid body for each route that takes one; a new one must be added here. */
const BODIES: Record<string, object> = {
  'POST /api/tokens': { name: 'matrix' },
  'POST /api/tasks': { title: 'matrix' },
  'PATCH /api/tasks/{id}': { title: 'matrix changed' },
  'POST /api/documents': { title: 'matrix', text: 'matrix text' },
  'POST /api/collections': { name: 'matrix' },
  'PATCH /api/collections/{id}': { name: 'matrix renamed' },
  'PATCH /api/collections/{id}/members/{userId}': { role: 'editor' },
  'POST /api/chat': { message: 'What does the crane lift, and what is on the page?' },
  'PATCH /api/conversations/{id}': { title: 'matrix renamed' },
  'POST /api/diagnostics/jobs': { durationMs: 10 },
  'PATCH /api/users/{id}': { disabled: true },
  'POST /api/users/invites': { email: 'invited@example.com' },
  'PATCH /api/settings/server': { signupMode: 'open' },
  'PATCH /api/admin/mcp-servers/{id}': { enabled: false },
  'POST /v1/chat/completions': {
    messages: [{ role: 'user', content: 'What does the crane lift, and what is on the page?' }],
  },
  'POST /api/mcp': {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'matrix', version: '1' },
    },
  },
};
/** Required query strings. */
const QUERIES: Record<string, string> = {
  'GET /api/search': 'q=crane+page',
  'DELETE /api/users/{id}': 'data=delete',
};
const HEADERS: Record<string, Record<string, string>> = {
  'POST /api/mcp': {
    accept: 'application/json, text/event-stream',
    'content-type': 'application/json',
  },
  'POST /api/chat': { accept: 'application/json' },
};
/** Answers that are not about access: a state the request met (the caller was let through). */
const STATE_ERRORS = ['DOCUMENT_SETTLED', 'DIAGNOSTIC_RUNNING', 'NOT_A_URL', 'MCP_UNREACHABLE'];

/** What each MCP tool is called with, and which of the owner's objects it names. */
const TOOL_CALLS: Record<
  string,
  { on: 'self' | 'task'; args: (o: Objects) => Record<string, unknown> }
> = {
  create_task: { on: 'self', args: () => ({ title: 'matrix' }) },
  list_tasks: { on: 'self', args: () => ({}) },
  update_task: { on: 'task', args: (o) => ({ id: o.task, changes: { title: 'changed' } }) },
  complete_task: { on: 'task', args: (o) => ({ id: o.task }) },
  delete_task: { on: 'task', args: (o) => ({ id: o.task }) },
  search_documents: { on: 'self', args: () => ({ q: 'crane page' }) },
};

const READERS_OF_SHARED: readonly Caller[] = ['owner', 'read token', 'editor', 'viewer'];
const ACTING_FOR_OWNER: readonly Caller[] = ['owner', 'read token'];

/** Marker words a caller must never be answered with. */
const forbiddenWords = (caller: Caller) =>
  ACTING_FOR_OWNER.includes(caller)
    ? []
    : READERS_OF_SHARED.includes(caller)
      ? [PRIVATE]
      : [PRIVATE, SHARED];

function routesOf(doc: { paths: Record<string, Record<string, Operation>> }): Route[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      operation,
    })),
  );
}

describe.each<Backend>(['pglite', 'postgres'])('the access matrix on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let users: Record<'owner' | 'editor' | 'viewer' | 'stranger' | 'admin' | 'disabled', TestUser>;
  let mo: TestUser;
  let newcomer: TestUser;
  let credentials: Record<Caller, Record<string, string>>;
  /** A document of each caller's own, to put in a collection. */
  let ownDocument: Partial<Record<Caller, string>>;
  let objects: Objects;
  let routes: Route[];
  const clients: Client[] = [];

  const owner = () => users.owner;
  const asOwner = (options: InjectOptions) => call(t.app, owner(), options);

  async function newTask() {
    const made = await asOwner({ method: 'POST', url: '/api/tasks', payload: { title: PRIVATE } });
    return made.json<{ id: string }>().id;
  }
  async function newConversation() {
    const asked = await asOwner({
      method: 'POST',
      url: '/api/chat',
      headers: { accept: 'application/json' },
      payload: { message: `Tell me about ${PRIVATE}` },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const answered = asked.json<{ conversationId: string; message: { id: string } }>();
    return { conversation: answered.conversationId, message: answered.message.id };
  }
  async function newToken() {
    const made = await asOwner({ method: 'POST', url: '/api/tokens', payload: { name: PRIVATE } });
    return made.json<{ id: string }>().id;
  }
  async function newDocument(fixture: Fixture) {
    const added = await asOwner({
      method: 'POST',
      url: '/api/documents',
      payload:
        fixture === 'shared' ? { title: SHARED, text: SHARED } : { title: PRIVATE, text: PRIVATE },
    });
    const { id } = added.json<{ id: string }>();
    if (fixture === 'shared')
      expect((await putDocument(t.app, owner(), objects.collection, id)).statusCode).toBe(204);
    return id;
  }
  async function newCollection() {
    const id = await createCollection(t.app, owner(), `Coast ${SHARED}`);
    expect((await putDocument(t.app, owner(), id, objects.document.shared)).statusCode).toBe(204);
    await share(t.app, owner(), id, users.editor, 'editor');
    await share(t.app, owner(), id, users.viewer, 'viewer');
    await share(t.app, owner(), id, users.disabled, 'viewer');
    await share(t.app, owner(), id, mo, 'viewer');
    return id;
  }

  async function newAccount() {
    return userIdOf(t.app, await signUp(t.app, 'someone'));
  }
  async function newMcpServer() {
    const added = await call(t.app, users.admin, {
      method: 'POST',
      url: '/api/admin/mcp-servers',
      payload: { name: `m${randomBytes(4).toString('hex')}`, url: MCP_URL },
    });
    expect(added.statusCode, added.body).toBe(201);
    return added.json<{ id: string }>().id;
  }
  async function newInvite() {
    const invited = await call(t.app, users.admin, {
      method: 'POST',
      url: '/api/users/invites',
      payload: { email: `${randomBytes(4).toString('hex')}@example.com` },
    });
    return invited.json<{ id: string }>().id;
  }

  /** The owner's objects for a call that may change them: new ones of the route's kind. */
  async function objectsFor(route: Route): Promise<Objects> {
    if (route.method === 'GET') return objects;
    const key = `${route.method} ${route.path}`;
    if (ADMIN_IDS[key] === 'account') return { ...objects, account: await newAccount() };
    if (ADMIN_IDS[key] === 'invite') return { ...objects, invite: await newInvite() };
    if (ADMIN_IDS[key] === 'mcpServer') return { ...objects, mcpServer: await newMcpServer() };
    switch (route.operation['x-access']?.object) {
      case 'task':
        return { ...objects, task: await newTask() };
      case 'conversation':
        return { ...objects, ...(await newConversation()) };
      case 'token':
        return { ...objects, token: await newToken() };
      case 'document':
        return {
          ...objects,
          document: { shared: await newDocument('shared'), private: await newDocument('private') },
        };
      case 'collection':
        return { ...objects, collection: await newCollection() };
      default:
        return objects;
    }
  }

  /** The URL for a route, its parameters filled with the objects they name. */
  function urlFor(route: Route, caller: Caller, fixture: Fixture, o: Objects): string {
    const { object } = route.operation['x-access'] ?? {};
    const adminId = ADMIN_IDS[`${route.method} ${route.path}`];
    const path = route.path.replaceAll(/\{(\w+)\}/g, (_, name: string) => {
      if (name === 'id' && adminId) return o[adminId];
      if (name === 'id' && object === 'document') return o.document[fixture];
      if (name === 'id' && object && object in o) return o[object as keyof Objects] as string;
      // Adding: the caller's own document; removing: the one the collection holds.
      if (name === 'documentId')
        return route.method === 'PUT'
          ? (ownDocument[caller] ?? o.document.shared)
          : o.collectionDocument;
      if (name === 'userId') return o.member;
      throw new Error(`the matrix does not know what {${name}} of ${route.path} names`);
    });
    const key = `${route.method} ${route.path}`;
    const required = (route.operation.parameters ?? []).filter(
      (p) => p.in === 'query' && p.required,
    );
    if (required.length > 0 && !QUERIES[key])
      throw new Error(`the matrix has no query string for ${key}: add it to QUERIES`);
    return QUERIES[key] ? `${path}?${QUERIES[key]}` : path;
  }

  function bodyFor(route: Route, o: Objects): object | undefined {
    const key = `${route.method} ${route.path}`;
    if (key === 'PUT /api/conversations/{id}/branch') return { messageId: o.message };
    // Names are unique: a new one each time.
    if (key === 'POST /api/admin/mcp-servers')
      return { name: `m${randomBytes(4).toString('hex')}`, url: MCP_URL };
    if (key === 'POST /api/collections/{id}/members')
      return { email: newcomer.email, role: 'viewer' };
    if (BODIES[key] || !route.operation.requestBody) return BODIES[key];
    throw new Error(`the matrix has no body for ${key}: add it to BODIES`);
  }

  /** Whether the answer is the expected one; a description of the mismatch if not. */
  function verdict(expected: Expected, status: number, body: string): string | undefined {
    if (expected !== 'admitted')
      return status === expected ? undefined : `expected ${expected}, got ${status}`;
    if (status >= 200 && status < 300) return undefined;
    const code = (JSON.parse(body || '{}') as { error?: { code?: string } }).error?.code ?? '';
    return STATE_ERRORS.includes(code)
      ? undefined
      : `expected to be let through, got ${status} ${body.slice(0, 200)}`;
  }

  function leaks(caller: Caller, body: string): string | undefined {
    const found = forbiddenWords(caller).filter((word) => body.includes(word));
    return found.length > 0
      ? `answered with ${found.map((w) => (w === PRIVATE ? 'PRIVATE' : 'SHARED')).join(', ')}`
      : undefined;
  }

  beforeAll(async () => {
    t = await startTestApp(
      { CHAT_RATE_LIMIT_PER_MINUTE: '10000', MCP_ALLOWED_HOSTS: '127.0.0.1' },
      { kind, jobs: 'local' },
    );
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    // The first account is the administrator.
    const admin = await signUp(t.app, 'admin');
    users = {
      admin,
      owner: await signUp(t.app, 'owner'),
      editor: await signUp(t.app, 'editor'),
      viewer: await signUp(t.app, 'viewer'),
      stranger: await signUp(t.app, 'stranger'),
      disabled: await signUp(t.app, 'disabled'),
    };
    [mo, newcomer] = [await signUp(t.app, 'mo'), await signUp(t.app, 'newcomer')];

    const shared = await addText(t.app, owner(), `Harbour ${SHARED}`, `The ${SHARED} crane.`);
    const privately = await addText(t.app, owner(), `Diary ${PRIVATE}`, `My ${PRIVATE} page.`);
    const collection = await createCollection(t.app, owner(), `Coast ${SHARED}`);
    expect((await putDocument(t.app, owner(), collection, shared)).statusCode).toBe(204);
    await share(t.app, owner(), collection, users.editor, 'editor');
    await share(t.app, owner(), collection, users.viewer, 'viewer');
    await share(t.app, owner(), collection, users.disabled, 'viewer');
    await share(t.app, owner(), collection, mo, 'viewer');
    await createCollection(t.app, owner(), `Kept ${PRIVATE}`);
    const job = await asOwner({ method: 'POST', url: '/api/diagnostics/jobs', payload: {} });
    objects = {
      document: { shared, private: privately },
      collection,
      collectionDocument: shared,
      member: await userIdOf(t.app, mo),
      task: '',
      conversation: '',
      token: '',
      'diagnostic-job': job.json<{ id: string }>().id,
      message: '',
      account: '',
      invite: '',
      mcpServer: '',
    };
    objects = {
      ...objects,
      task: await newTask(),
      ...(await newConversation()),
      token: await newToken(),
      mcpServer: await newMcpServer(),
    };
    ownDocument = {};
    for (const caller of ['owner', 'editor', 'viewer', 'stranger', 'admin'] as const)
      ownDocument[caller] = await addText(t.app, users[caller], caller, `${caller}'s own notes`);

    const tokenFor = async (scopes: string[]) =>
      (
        await asOwner({ method: 'POST', url: '/api/tokens', payload: { name: 'matrix', scopes } })
      ).json<{ id: string; token: string }>();
    const reader = await tokenFor(['read']);
    const expired = await tokenFor(['read', 'write']);
    await t.database.db.execute(
      sql`update api_tokens set expires_at = now() - interval '1 minute' where id = ${expired.id}`,
    );
    const auth = createAuth(t.database.db, testConfig());
    const disabledCookie = users.disabled.cookie;
    const disabled = await userByEmail(t.database.db, users.disabled.email);
    await changeUser(auth, t.database.db, disabled.id, { disabled: true });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    credentials = {
      owner: users.owner.auth,
      editor: users.editor.auth,
      viewer: users.viewer.auth,
      stranger: users.stranger.auth,
      admin: users.admin.auth,
      'read token': bearer(reader.token),
      'expired token': bearer(expired.token),
      'disabled token': users.disabled.auth,
      'disabled session': { cookie: disabledCookie },
      'no credentials': {},
    };
    routes = routesOf((await t.app.inject('/api/docs/json')).json());
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await t.close();
  });

  it('understands every route’s declared access, and every route declares one', () => {
    expect(routes.length).toBeGreaterThan(30);
    const unknown: string[] = [];
    for (const route of routes)
      for (const caller of CALLERS)
        try {
          expectedFor(route.operation['x-access'] ?? {}, caller, 'shared');
        } catch (error) {
          unknown.push(`${route.method} ${route.path}: ${(error as Error).message}`);
        }
    expect(unknown).toEqual([]);
  });

  it('answers every route as its declaration says, to every caller, leaking nothing', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const access = route.operation['x-access'] ?? {};
      const key = `${route.method} ${route.path}`;
      for (const fixture of fixturesFor(access))
        for (const caller of CALLERS) {
          const o = await objectsFor(route);
          const payload = bodyFor(route, o);
          const response = await t.app.inject({
            method: route.method as 'GET',
            url: urlFor(route, caller, fixture, o),
            headers: { ...HEADERS[key], ...credentials[caller] },
            ...(payload ? { payload } : {}),
          });
          const expected = expectedFor(access, caller, fixture);
          const wrong =
            verdict(expected, response.statusCode, response.body) ?? leaks(caller, response.body);
          if (wrong) mismatches.push(`${key} [${fixture}] as ${caller}: ${wrong}`);
          checked += 1;
        }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  async function mcpClient(caller: Caller) {
    const client = new Client({ name: 'matrix', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/api/mcp`), {
        requestInit: { headers: credentials[caller] },
      }),
    );
    clients.push(client);
    return client;
  }

  it('runs every MCP tool as its scope and object say, to every caller, leaking nothing', async () => {
    const listed = (await (await mcpClient('owner')).listTools()).tools;
    const unknown = listed.filter((tool) => !TOOL_CALLS[tool.name]).map((tool) => tool.name);
    expect(unknown, 'tools the matrix does not know how to call').toEqual([]);
    const mismatches: string[] = [];
    for (const caller of CALLERS) {
      if (
        ['expired token', 'disabled token', 'disabled session', 'no credentials'].includes(caller)
      ) {
        await expect(mcpClient(caller), caller).rejects.toThrow(/UNAUTHORIZED/);
        continue;
      }
      const client = await mcpClient(caller);
      const offered = new Set((await client.listTools()).tools.map((tool) => tool.name));
      for (const tool of listed) {
        const readOnly = tool.annotations?.readOnlyHint === true;
        const { on, args } = TOOL_CALLS[tool.name]!;
        const o = on === 'task' ? { ...objects, task: await newTask() } : objects;
        const result = (await client.callTool({ name: tool.name, arguments: args(o) })) as
          CallToolResult | undefined;
        const text = JSON.stringify(result ?? {});
        const refusedScope = caller === 'read token' && !readOnly;
        const admitted = !refusedScope && (on === 'self' || ACTING_FOR_OWNER.includes(caller));
        const where = `${tool.name} as ${caller}`;
        if (refusedScope && offered.has(tool.name)) mismatches.push(`${where}: offered`);
        if (Boolean(result?.isError) === admitted)
          mismatches.push(
            `${where}: ${admitted ? 'refused' : 'let through'}: ${text.slice(0, 200)}`,
          );
        const leaked = leaks(caller, text);
        if (leaked) mismatches.push(`${where}: ${leaked}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('cites to every caller only what they may read, and withholds it once they may not', async () => {
    const ask = (caller: Caller) =>
      t.app.inject({
        method: 'POST',
        url: '/api/chat',
        headers: { ...credentials[caller], accept: 'application/json' },
        payload: { message: 'What do the crane and the page say?' },
      });
    /** The marker each caller's citations must show: what they read of the owner's. */
    const mustCite: Partial<Record<Caller, string>> = {
      owner: PRIVATE,
      'read token': PRIVATE,
      editor: SHARED,
      viewer: SHARED,
    };
    let viewerConversation = '';
    for (const caller of [
      'owner',
      'read token',
      'editor',
      'viewer',
      'stranger',
      'admin',
    ] as const) {
      const answered = await ask(caller);
      expect(answered.statusCode, answered.body).toBe(200);
      expect(leaks(caller, answered.body), caller).toBeUndefined();
      const { conversationId, message } = answered.json<{
        conversationId: string;
        message: MessageView;
      }>();
      const titles = message.citations.map((c) => c.title).join(' ');
      if (mustCite[caller]) expect(titles, caller).toContain(mustCite[caller]);
      if (caller === 'viewer') viewerConversation = conversationId;
    }
    // The viewer leaves every collection (the matrix made several): nothing of the owner's is
    // readable to them any more, and their old answer's citations are withheld.
    const viewerId = await userIdOf(t.app, users.viewer);
    const theirs = await call(t.app, users.viewer, { url: '/api/collections?limit=100' });
    const joined = theirs.json<{ items: { id: string; role: string }[] }>().items;
    for (const { id } of joined.filter((c) => c.role !== 'owner')) {
      const left = await call(t.app, users.viewer, {
        method: 'DELETE',
        url: `/api/collections/${id}/members/${viewerId}`,
      });
      expect(left.statusCode).toBe(204);
    }
    const reread = await call(t.app, users.viewer, {
      url: `/api/conversations/${viewerConversation}`,
    });
    const citations = reread.json<{ messages: MessageView[] }>().messages[1]!.citations;
    expect(citations.length).toBeGreaterThan(0);
    expect(citations.every((c) => c.withheld === true && c.text === '' && c.title === '')).toBe(
      true,
    );
    expect(reread.body).not.toContain(`The ${SHARED} crane.`);
  });
});
