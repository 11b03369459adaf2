import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { makeLyingZipBomb, makeZipBomb } from '../../../test/support/formats.js';
import { extractText, sniffKind } from './extract.js';

// 1,000 characters allowed: the parts may unzip to 10,000 bytes.
const limits = parseConfig({ INGEST_MAX_CHARS: '1000' }).ingestLimits;

describe('ZIP containers: zip bombs', () => {
  it('refuses a part whose declared size is over the limit before inflating it', async () => {
    const bomb = makeZipBomb(50_000_000);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await sniffKind(bomb)).toBe('docx');
    await expect(extractText('docx', bomb, limits)).rejects.toThrow(
      'the DOCX file unzips to more than 10,000 bytes, the limit (10 bytes per character of INGEST_MAX_CHARS)',
    );
  });

  it('refuses a part that inflates past the size it declares while it inflates', async () => {
    const bomb = makeLyingZipBomb(50_000_000, 100);
    await expect(extractText('docx', bomb, limits)).rejects.toThrow(
      /^could not read the DOCX file: too many bytes in the stream/,
    );
  });
});
