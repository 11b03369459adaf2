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
  // A list of pages (sitemap.ts): fetched as a URL, it adds them.
  'sitemap',
] as const;

export type SourceKind = (typeof SOURCE_KINDS)[number];
