import { api, urlOf, type ResponseOf } from '../api/client';

/** What the API answers when it accepts a document: the job runs in the background. */
export type Accepted = ResponseOf<'/api/documents', 'post'>;

/** The documents you may read, or (`collectionId`) one collection's. */
export const listDocuments = (
  collectionId: string | undefined,
  cursor: string | undefined,
  signal?: AbortSignal,
) => api('get', '/api/documents', { query: { cursor, collectionId }, signal });

export const getDocument = (id: string, signal?: AbortSignal) =>
  api('get', '/api/documents/{id}', { params: { id }, signal });

export const addPage = (url: string) => api('post', '/api/documents', { body: { url } });

export const addText = (title: string, text: string) =>
  api('post', '/api/documents', { body: { title, text } });

export const deleteDocument = (id: string) =>
  api('delete', '/api/documents/{id}', { params: { id } });

export const cancelDocument = (id: string) =>
  api('post', '/api/documents/{id}/cancel', { params: { id } });

/** Fetch a URL document again (202): unchanged it stays as it is, changed its passages are replaced. */
export const refreshDocument = (id: string) =>
  api('post', '/api/documents/{id}/refresh', { params: { id } });

/** The passages that best match `q`, by meaning and by words. */
export const searchDocuments = async (q: string, signal?: AbortSignal) =>
  (await api('get', '/api/search', { query: { q }, signal })).results;

/** The original file: the API answers it as a download, never as a page. */
export const originalUrl = (id: string) => urlOf('/api/documents/{id}/original', { id });
