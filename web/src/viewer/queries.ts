import { queryOptions } from '@tanstack/react-query';
import { getDocument } from '../documents/api';
import { getDocumentText, getOriginalBytes } from './api';

export const documentQuery = (id: string) =>
  queryOptions({
    queryKey: ['documents', 'one', id],
    queryFn: ({ signal }) => getDocument(id, signal),
  });

/** The extracted text and its sections; 409 TEXT_NOT_KEPT for documents ingested before positions were kept. */
export const documentTextQuery = (id: string) =>
  queryOptions({
    queryKey: ['documents', 'text', id],
    queryFn: ({ signal }) => getDocumentText(id, signal),
    staleTime: Infinity,
  });

/** A PDF's bytes, read once per visit: pdf.js takes them over (detaches them), so each use gets a copy. */
export const originalBytesQuery = (id: string) =>
  queryOptions({
    queryKey: ['documents', 'original', id],
    queryFn: ({ signal }) => getOriginalBytes(id, signal),
    staleTime: Infinity,
    gcTime: 60_000,
  });
