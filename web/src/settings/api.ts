import { api, type BodyOf } from '../api/client';

export type NewToken = BodyOf<'/api/tokens', 'post'>;

export const getSettings = (signal?: AbortSignal) => api('get', '/api/settings', { signal });

export const listTokens = async (signal?: AbortSignal) =>
  (await api('get', '/api/tokens', { signal })).items;

/** The answer is the only time the token itself is ever shown. */
export const createToken = (body: NewToken) => api('post', '/api/tokens', { body });

export const revokeToken = (id: string) => api('delete', '/api/tokens/{id}', { params: { id } });

export const listMcpServers = async (signal?: AbortSignal) =>
  (await api('get', '/api/admin/mcp-servers', { signal })).items;

export const addMcpServer = (server: { name: string; url: string; secret?: string }) =>
  api('post', '/api/admin/mcp-servers', { body: server });

export const switchMcpServer = (id: string, enabled: boolean) =>
  api('patch', '/api/admin/mcp-servers/{id}', { params: { id }, body: { enabled } });

export const deleteMcpServer = (id: string) =>
  api('delete', '/api/admin/mcp-servers/{id}', { params: { id } });

/** Connects to the server now: its tools as the assistant gets them, or why it cannot. */
export const listMcpTools = async (id: string) =>
  (await api('get', '/api/admin/mcp-servers/{id}/tools', { params: { id } })).tools;
