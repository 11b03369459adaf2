// The MCP server through the official SDK client, over real HTTP, scoped to the token's user.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SHARED_TOOL_NAMES,
  signUp,
  startTestApp,
  type TestApp,
  type TestUser,
} from './support/app.js';

let t: TestApp;
let base: string;
const clients: Client[] = [];

async function connect(token: string | undefined): Promise<Client> {
  const client = new Client({ name: 'docket-test', version: '1.0.0' });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/api/mcp`), { requestInit: { headers } }),
  );
  clients.push(client);
  return client;
}

async function callTool(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { result, data: result.structuredContent as Record<string, unknown> & { id: string } };
}

const textOf = (result: CallToolResult) =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

describe('MCP server', () => {
  let ann: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    ann = await signUp(t.app, 'ann');
    bob = await signUp(t.app, 'bob');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await t.close();
  });

  it('lists the task tools with their input schemas', async () => {
    const client = await connect(ann.token);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(SHARED_TOOL_NAMES);
    const create = tools.find((tool) => tool.name === 'create_task')!;
    expect(create.inputSchema).toMatchObject({ type: 'object', required: ['title'] });
    expect(Object.keys(create.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['title', 'dueDate', 'tags']),
    );
  });

  it('creates, lists, updates, completes and deletes a task; the REST API sees the same data', async () => {
    const client = await connect(ann.token);
    const { data: created } = await callTool(client, 'create_task', {
      title: 'Call the plumber',
      tags: ['home'],
    });
    expect(created).toMatchObject({ title: 'Call the plumber', status: 'open', tags: ['home'] });

    const { data: listed } = await callTool(client, 'list_tasks', { tag: 'home' });
    expect((listed.items as { id: string }[]).map((i) => i.id)).toContain(created.id);

    const { data: updated } = await callTool(client, 'update_task', {
      id: created.id,
      changes: { priority: 'high' },
    });
    expect(updated).toMatchObject({ priority: 'high' });

    const { data: completed } = await callTool(client, 'complete_task', { id: created.id });
    expect(completed).toMatchObject({ status: 'done' });
    const rest = await t.app.inject({ url: `/api/tasks/${created.id}`, headers: ann.auth });
    expect(rest.json()).toMatchObject({ status: 'done', priority: 'high' });

    const { data: deleted } = await callTool(client, 'delete_task', { id: created.id });
    expect(deleted).toEqual({ deleted: created.id });
    expect(
      (await t.app.inject({ url: `/api/tasks/${created.id}`, headers: ann.auth })).statusCode,
    ).toBe(404);
  });

  it('answers clear error results: another user’s task is not found, bad input is named', async () => {
    const annClient = await connect(ann.token);
    const bobClient = await connect(bob.token);
    const { data: task } = await callTool(annClient, 'create_task', { title: 'Ann only' });
    for (const tool of ['complete_task', 'delete_task']) {
      const { result } = await callTool(bobClient, tool, { id: task.id });
      expect(result.isError, tool).toBe(true);
      expect(textOf(result)).toBe('task not found');
    }
    const { data: bobList } = await callTool(bobClient, 'list_tasks', {});
    expect((bobList.items as { id: string }[]).map((i) => i.id)).not.toContain(task.id);

    const invalid = (await bobClient.callTool({
      name: 'create_task',
      arguments: { title: '', dueDate: 'soon' },
    })) as CallToolResult;
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/title|dueDate/);
    const rest = await t.app.inject({ url: `/api/tasks/${task.id}`, headers: ann.auth });
    expect(rest.json()).toMatchObject({ status: 'open' });
  });

  it('searches the token user’s documents, and only theirs', async () => {
    const t2 = await startTestApp({}, { jobs: 'local' });
    const base2 = await t2.app.listen({ host: '127.0.0.1', port: 0 });
    const [owner, other] = [await signUp(t2.app, 'owner'), await signUp(t2.app, 'other')];
    const added = await t2.app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: owner.auth,
      payload: { title: 'Kites', text: 'A box kite flies steadily in strong coastal wind.' },
    });
    const id = added.json<{ id: string }>().id;
    for (let i = 0; i < 100; i += 1) {
      const doc = await t2.app.inject({ url: `/api/documents/${id}`, headers: owner.auth });
      if (doc.json<{ status: string }>().status === 'ready') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const search = async (token: string) => {
      const client = new Client({ name: 'docket-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${base2}/api/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      const result = (await client.callTool({
        name: 'search_documents',
        arguments: { q: 'box kite wind' },
      })) as CallToolResult;
      await client.close();
      return (result.structuredContent as { results: { documentId: string }[] }).results;
    };
    expect((await search(owner.token))[0]?.documentId).toBe(id);
    expect(await search(other.token)).toEqual([]);
    await t2.close();
  });

  it('refuses clients without a valid token', async () => {
    await expect(connect(undefined)).rejects.toThrow(/UNAUTHORIZED/);
    await expect(connect('dkt_not-a-real-token')).rejects.toThrow(/UNAUTHORIZED/);
  });
});
