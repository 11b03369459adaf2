// The kinds of document Docket reads, as stored in documents.kind (sniffed by sniff.ts).
export const SOURCE_KINDS = [
  'pdf',
  'html',
  'markdown',
  'text',
  'csv',
  'code',
  'docx',
  'xlsx',
  'pptx',
  'epub',
  // Pictures, read by OCR.
  'png',
  'jpeg',
] as const;

export type SourceKind = (typeof SOURCE_KINDS)[number];
