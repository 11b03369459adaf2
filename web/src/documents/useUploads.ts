import { useCallback, useEffect, useRef, useState } from 'react';
import { formatBytes } from '../ui/format';
import { createLimiter } from './limit';
import { uploadFile } from './upload';

/** Two at a time: the next file starts as soon as one is done. */
const AT_ONCE = 2;

export interface UploadRow {
  key: number;
  file: File;
  /** The share of the file sent, 0–1. */
  sent: number;
  state: 'waiting' | 'sending' | 'done' | 'failed';
  /** Why it failed: too large to send, or the server's answer. */
  error?: unknown;
}

export const isUnderway = (row: UploadRow) => row.state === 'waiting' || row.state === 'sending';

/** One line for screen readers and a glance: what happened to the files chosen so far. */
export function uploadSummary(rows: UploadRow[]): string {
  const count = (...states: UploadRow['state'][]) =>
    rows.filter((r) => states.includes(r.state)).length;
  const files = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;
  const underway = count('waiting', 'sending');
  if (underway > 0) return `Uploading ${files(underway)}…`;
  const done = count('done');
  const notDone = count('failed');
  const parts = [
    done > 0 && `${files(done)} uploaded`,
    notDone > 0 && `${files(notDone)} not uploaded`,
  ];
  return parts.filter(Boolean).join(', ');
}

function tooLarge(file: File, maxBytes: number | undefined): Error | undefined {
  if (maxBytes === undefined || file.size <= maxBytes) return undefined;
  return new Error(
    `${formatBytes(file.size)} is over this server's limit of ${formatBytes(maxBytes)}: not uploaded`,
  );
}

/**
 * Files chosen or dropped, each a row that follows its upload. Files over `maxBytes` are
 * refused at once (the server checks again); `onUploaded` gets each accepted document's id.
 */
export function useUploads(maxBytes: number | undefined, onUploaded: (id: string) => void) {
  const [rows, setRows] = useState<UploadRow[]>([]);
  const [limit] = useState(() => createLimiter(AT_ONCE));
  const nextKey = useRef(0);
  // Uploads outlive renders: they report to the latest callback.
  const uploaded = useRef(onUploaded);
  useEffect(() => {
    uploaded.current = onUploaded;
  });

  const update = useCallback((key: number, change: Partial<UploadRow>) => {
    setRows((list) => list.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }, []);

  const send = useCallback(
    async ({ key, file }: UploadRow) => {
      try {
        const accepted = await limit(() => {
          update(key, { state: 'sending' });
          return uploadFile(file, (sent) => update(key, { sent }));
        });
        update(key, { state: 'done', sent: 1 });
        uploaded.current(accepted.id);
      } catch (error) {
        update(key, { state: 'failed', error });
      }
    },
    [limit, update],
  );

  const addFiles = useCallback(
    (files: File[]) => {
      const added = files.map((file): UploadRow => {
        const error = tooLarge(file, maxBytes);
        const state = error ? 'failed' : 'waiting';
        return { key: nextKey.current++, file, sent: 0, state, error };
      });
      setRows((list) => [...list, ...added]);
      for (const row of added) if (row.state === 'waiting') void send(row);
    },
    [maxBytes, send],
  );

  const clearFinished = useCallback(() => setRows((list) => list.filter(isUnderway)), []);

  const busy = rows.some(isUnderway);
  // Leaving the page would cut uploads off: the browser asks first.
  useEffect(() => {
    if (!busy) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);

  return { rows, addFiles, clearFinished };
}
