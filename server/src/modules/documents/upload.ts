// The one file of a multipart upload, read as it streams in. Its bytes are counted as they
// arrive and reading stops the moment they pass UPLOAD_MAX_BYTES (413, and the error handler
// closes the connection, so the rest is never read); a declared length over the limit is
// refused before anything is read. A body that is not multipart as sent (no boundary, cut
// off) answers 400 naming the body; an empty file or a name that cannot be stored, 400 naming
// the file. Only the file's own bytes are kept: they are stored with the document.
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, invalidInput } from '../../lib/errors.js';
import { line } from '../../lib/input.js';

/** Room for the part's headers and the boundaries around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const fileName = line.min(1, 'give the file a name').max(255, 'at most 255 characters');

export const tooLarge = (limit: number) =>
  new AppError(
    413,
    'PAYLOAD_TOO_LARGE',
    `the upload is larger than the limit of ${limit} bytes (UPLOAD_MAX_BYTES)`,
  );

/** Errors of the multipart parser itself carry their status; any other is a malformed body. */
function asClientError(error: unknown): unknown {
  const status = (error as { statusCode?: number }).statusCode;
  if (error instanceof AppError || (status !== undefined && status >= 400 && status < 500))
    return error;
  const reason = error instanceof Error ? error.message : String(error);
  return invalidInput('body', `not a complete multipart/form-data body (${reason})`);
}

/** The file's bytes, or 413 the moment they pass the limit (its stream is then destroyed). */
async function collect(file: MultipartFile, limit: number): Promise<Buffer> {
  let overLimit = false;
  file.file.once('limit', () => {
    overLimit = true;
    file.file.destroy();
  });
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of file.file) chunks.push(chunk as Buffer);
  } catch (error) {
    throw overLimit ? tooLarge(limit) : asClientError(error);
  }
  // The limit may have passed before this function listened.
  if (overLimit || file.file.truncated) throw tooLarge(limit);
  return Buffer.concat(chunks);
}

export async function readUpload(
  request: FastifyRequest,
  limit: number,
): Promise<{ name: string; bytes: Buffer }> {
  if (Number(request.headers['content-length']) > limit + MULTIPART_OVERHEAD_BYTES)
    throw tooLarge(limit);
  const file = await request.file().catch((error: unknown) => {
    throw asClientError(error);
  });
  if (!file) throw invalidInput('body.file', 'attach a file as `file`');
  const name = fileName.safeParse(file.filename);
  if (!name.success) throw invalidInput('body.file.filename', name.error.issues[0]!.message);
  const bytes = await collect(file, limit);
  if (bytes.length === 0) throw invalidInput('body.file', 'the file is empty');
  return { name: name.data, bytes };
}
