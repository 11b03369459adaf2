// Files attached to the next question: uploaded as documents (they stay among the user's
// documents), followed while they are read, their ids sent with the question.
import { useQueries } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { DocumentItem } from '../api/types';
import { getDocument } from '../documents/api';
import { POLL_MS } from '../documents/queries';
import { isPending } from '../documents/status';
import { uploadFile } from '../documents/upload';

export interface Attached {
  /** Known once the upload is accepted. */
  documentId?: string;
  name: string;
  /** The upload's share sent (0–1) until it is accepted. */
  sent: number;
  /** The upload failed: nothing to send. */
  error?: unknown;
  document?: DocumentItem;
}

export function useAttachments() {
  const [files, setFiles] = useState<Attached[]>([]);
  const change = useCallback(
    (name: string, update: Partial<Attached>) =>
      setFiles((now) => now.map((f) => (f.name === name ? { ...f, ...update } : f))),
    [],
  );
  const documents = useQueries({
    queries: files.map((file) => ({
      queryKey: ['documents', 'one', file.documentId],
      queryFn: ({ signal }: { signal: AbortSignal }) => getDocument(file.documentId!, signal),
      enabled: file.documentId !== undefined,
      refetchInterval: (query: { state: { data?: DocumentItem } }) =>
        query.state.data && !isPending(query.state.data) ? false : POLL_MS,
    })),
  });
  const attached = files.map((file, i) => ({ ...file, document: documents[i]?.data }));

  const add = useCallback(
    (picked: readonly File[]) => {
      for (const file of picked) {
        setFiles((now) => [
          ...now.filter((f) => f.name !== file.name),
          { name: file.name, sent: 0 },
        ]);
        uploadFile(file, (sent) => change(file.name, { sent })).then(
          (accepted) => change(file.name, { documentId: accepted.id, sent: 1 }),
          (error: unknown) => change(file.name, { error }),
        );
      }
    },
    [change],
  );
  const remove = useCallback(
    (name: string) => setFiles((now) => now.filter((f) => f.name !== name)),
    [],
  );
  const clear = useCallback(() => setFiles([]), []);
  const ids = attached.flatMap((f) => (f.documentId ? [f.documentId] : []));
  const uploading = attached.some((f) => f.documentId === undefined && f.error === undefined);
  return { attached, ids, uploading, add, remove, clear };
}
