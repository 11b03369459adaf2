import { describe, expect, it } from 'vitest';
import { uploadSummary, type UploadRow } from './useUploads';

const row = (state: UploadRow['state']): UploadRow => ({
  key: Math.random(),
  file: { name: 'a.txt', size: 1 } as File,
  sent: 0,
  state,
});

describe('uploadSummary', () => {
  it('counts what is still going on', () => {
    expect(uploadSummary([row('waiting'), row('sending'), row('done')])).toBe('Uploading 2 files…');
  });

  it('says how it ended once nothing is left to send', () => {
    expect(uploadSummary([row('done')])).toBe('1 file uploaded');
    expect(uploadSummary([row('done'), row('done'), row('failed')])).toBe(
      '2 files uploaded, 1 file not uploaded',
    );
    expect(uploadSummary([row('failed')])).toBe('1 file not uploaded');
  });
});
