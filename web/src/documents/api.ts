import { query, request, type Page } from '../api/client';
import type { DocumentItem } from '../api/types';

/** What the API answers when it accepts a document: the job runs in the background. */
export interface Accepted {
  id: string;
  status: 'queued';
}

export const listDocuments = (cursor: string | undefined, signal?: AbortSignal) =>
  request<Page<DocumentItem>>(`/api/documents${query({ cursor })}`, { signal });

export const getDocument = (id: string, signal?: AbortSignal) =>
  request<DocumentItem>(`/api/documents/${encodeURIComponent(id)}`, { signal });

export const addPage = (url: string) =>
  request<Accepted>('/api/documents', { method: 'POST', body: { url } });

export const addText = (title: string, text: string) =>
  request<Accepted>('/api/documents', { method: 'POST', body: { title, text } });

export const deleteDocument = (id: string) =>
  request<void>(`/api/documents/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const cancelDocument = (id: string) =>
  request<DocumentItem>(`/api/documents/${encodeURIComponent(id)}/cancel`, { method: 'POST' });

/** The original file: the API answers it as a download, never as a page. */
export const originalUrl = (id: string) => `/api/documents/${encodeURIComponent(id)}/original`;
