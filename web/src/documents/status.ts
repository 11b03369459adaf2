import type { DocumentItem } from '../api/types';

/** Still being ingested: its status will change, so the list keeps asking. */
export const isPending = (doc: DocumentItem) =>
  doc.status === 'queued' || doc.status === 'processing';

/** The status as the list shows it: "Queued", "Processing 40%", "Ready" or "Failed: <reason>". */
export function statusText(doc: DocumentItem): string {
  switch (doc.status) {
    case 'queued':
      return 'Queued';
    case 'processing':
      return `Processing ${Math.round(doc.progress)}%`;
    case 'ready':
      return 'Ready';
    case 'failed':
      return `Failed: ${doc.error ?? 'no reason was given'}`;
  }
}

const KIND_NAMES = {
  pdf: 'PDF',
  html: 'HTML',
  markdown: 'Markdown',
  text: 'Text',
  csv: 'CSV',
  code: 'Source code',
  docx: 'Word',
  xlsx: 'Excel',
  pptx: 'PowerPoint',
  epub: 'EPUB',
  png: 'PNG picture',
  jpeg: 'JPEG picture',
  sitemap: 'Sitemap',
} as const satisfies Record<NonNullable<DocumentItem['kind']>, string>;

/** What kind of document it is, once the job has recognised it. */
export const kindName = (doc: DocumentItem) => (doc.kind ? KIND_NAMES[doc.kind] : undefined);

/** "12 passages", "1 passage". */
export const passages = (count: number) => `${count} ${count === 1 ? 'passage' : 'passages'}`;
