import { api, errorFrom } from '../api/client';
import { originalUrl } from '../documents/api';

export const getDocumentText = (id: string, signal?: AbortSignal) =>
  api('get', '/api/documents/{id}/text', { params: { id }, signal });

/** The original file's bytes (for pdf.js): a download, not JSON, so not through api(). */
export async function getOriginalBytes(id: string, signal?: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(originalUrl(id), { signal, credentials: 'same-origin' });
  if (!response.ok) throw await errorFrom(response);
  return new Uint8Array(await response.arrayBuffer());
}
