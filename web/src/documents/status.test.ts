import { describe, expect, it } from 'vitest';
import type { DocumentItem } from '../api/types';
import { isPending, kindName, passages, statusText } from './status';

const doc = (changes: Partial<DocumentItem>): DocumentItem => ({
  id: 'd1',
  title: 'Notes',
  source: 'text',
  sourceUrl: null,
  fileName: null,
  kind: 'text',
  sizeBytes: 10,
  status: 'queued',
  progress: 0,
  error: null,
  fetchedAt: null,
  owner: { id: 'u1', name: 'Ann' },
  chunkCount: 0,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...changes,
});

describe('statusText', () => {
  it('names each status as the list shows it', () => {
    expect(statusText(doc({ status: 'queued' }))).toBe('Queued');
    expect(statusText(doc({ status: 'processing', progress: 40 }))).toBe('Processing 40%');
    expect(statusText(doc({ status: 'ready', progress: 100 }))).toBe('Ready');
    expect(statusText(doc({ status: 'failed', error: 'the PDF is password-protected' }))).toBe(
      'Failed: the PDF is password-protected',
    );
  });

  it('rounds the progress and never leaves a failure without a reason', () => {
    expect(statusText(doc({ status: 'processing', progress: 62.6 }))).toBe('Processing 63%');
    expect(statusText(doc({ status: 'failed' }))).toBe('Failed: no reason was given');
  });
});

describe('isPending', () => {
  it('is true only while the job still has work to do', () => {
    expect(isPending(doc({ status: 'queued' }))).toBe(true);
    expect(isPending(doc({ status: 'processing' }))).toBe(true);
    expect(isPending(doc({ status: 'ready' }))).toBe(false);
    expect(isPending(doc({ status: 'failed' }))).toBe(false);
  });
});

describe('passages', () => {
  it('counts in words', () => {
    expect(passages(1)).toBe('1 passage');
    expect(passages(12)).toBe('12 passages');
  });
});

describe('kindName', () => {
  it('names the new formats, and nothing before the job has recognised the kind', () => {
    expect(kindName(doc({ kind: 'docx' }))).toBe('Word');
    expect(kindName(doc({ kind: 'xlsx' }))).toBe('Excel');
    expect(kindName(doc({ kind: 'pptx' }))).toBe('PowerPoint');
    expect(kindName(doc({ kind: 'epub' }))).toBe('EPUB');
    expect(kindName(doc({ kind: 'csv' }))).toBe('CSV');
    expect(kindName(doc({ kind: 'code' }))).toBe('Source code');
    expect(kindName(doc({ kind: null }))).toBe(undefined);
  });
});
