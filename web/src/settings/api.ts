import { api } from '../api/client';

export const getSettings = () => api('get', '/api/settings');

export const listTokens = async () => (await api('get', '/api/tokens')).items;

/** The answer is the only time the token itself is ever shown. */
export const createToken = (name: string) => api('post', '/api/tokens', { body: { name } });

export const revokeToken = (id: string) => api('delete', '/api/tokens/{id}', { params: { id } });
