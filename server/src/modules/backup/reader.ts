// Reads an archive's entries in the order they were written, one entry in memory at a time.
// An entry larger than any part a backup writes is refused before it is read: a damaged or
// hostile file cannot make the process allocate what its header claims.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { BackupError } from './format.js';

/** Far above a backup's parts (a few MB); below what would strain a small machine. */
export const MOST_ENTRY_BYTES = 256 * 1024 * 1024;

export interface Entry {
  name: string;
  content: Buffer;
}

export async function* readEntries(file: string): AsyncGenerator<Entry> {
  const source = createReadStream(file);
  const gunzip = createGunzip();
  const extract = tar.extract();
  const fail = (error: Error) => extract.destroy(error);
  source.on('error', fail);
  gunzip.on('error', fail);
  source.pipe(gunzip).pipe(extract);
  try {
    for await (const entry of extract) {
      const { name, size } = entry.header;
      if (size > MOST_ENTRY_BYTES)
        throw new BackupError(`${file}: entry ${name} is ${size} bytes, more than any backup part`);
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      yield { name, content: Buffer.concat(chunks) };
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
      throw new BackupError(`cannot read ${file}: ${(error as Error).message}`);
    throw new BackupError(
      `${file} is not a readable Docket backup (damaged or not a .tar.gz): ${(error as Error).message}`,
    );
  } finally {
    source.destroy();
    gunzip.destroy();
    extract.destroy();
  }
}
