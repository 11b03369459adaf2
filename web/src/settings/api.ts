import { request } from '../api/client';
import type { ApiToken, Settings } from '../api/types';

export const getSettings = () => request<Settings>('/api/settings');

export const listTokens = async () => (await request<{ items: ApiToken[] }>('/api/tokens')).items;

/** The answer is the only time the token itself is ever shown. */
export const createToken = (name: string) =>
  request<ApiToken & { token: string }>('/api/tokens', { method: 'POST', body: { name } });

export const revokeToken = (id: string) =>
  request<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
