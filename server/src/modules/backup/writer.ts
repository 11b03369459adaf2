// Writes an archive as it goes: each entry is handed to the tar stream, which gzip compresses
// into the file, and the next entry waits until the file has taken this one (memory holds one
// part). The archive is written beside its name and renamed when complete, so a failed backup
// never leaves a file that looks like one; it is readable by its owner only (it holds password
// hashes and sessions).
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';

export interface ArchiveWriter {
  add(entry: string, content: Buffer): Promise<void>;
  /** Ends the archive and gives it its name. */
  finish(): Promise<void>;
  /** Stops and removes what was written; resolves with the file's own error, if it failed. */
  abort(error: unknown): Promise<Error | undefined>;
}

export function createArchive(file: string): ArchiveWriter {
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  const pack = tar.pack();
  const written = pipeline(pack, createGzip(), createWriteStream(partial, { mode: 0o600 }));
  // Until finish() or abort() awaits it, a failure must not be an unhandled rejection.
  written.catch(() => undefined);
  const mtime = new Date();
  return {
    add: (entry, content) =>
      new Promise<void>((resolve, reject) => {
        pack.entry({ name: entry, mtime, mode: 0o600 }, content, (error) =>
          error ? reject(error) : resolve(),
        );
      }),
    async finish() {
      pack.finalize();
      await written;
      await rename(partial, file);
    },
    async abort(error) {
      pack.destroy(error instanceof Error ? error : new Error(String(error)));
      const failure = await written.then(
        () => undefined,
        (cause: Error) => cause,
      );
      await rm(partial, { force: true });
      // The stream ends with the first error: the file's own (a system call's) if it failed first.
      return failure && 'syscall' in failure ? failure : undefined;
    },
  };
}
