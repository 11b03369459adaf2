import { api } from '../api/client';

export const getSettings = (signal?: AbortSignal) => api('get', '/api/settings', { signal });

export const listTokens = async (signal?: AbortSignal) =>
  (await api('get', '/api/tokens', { signal })).items;

/** The answer is the only time the token itself is ever shown. */
export const createToken = (name: string) => api('post', '/api/tokens', { body: { name } });

export const revokeToken = (id: string) => api('delete', '/api/tokens/{id}', { params: { id } });
