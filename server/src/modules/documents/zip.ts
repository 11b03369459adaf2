// The parts of a ZIP container (DOCX, XLSX, PPTX, EPUB) that a reader needs, with a cap on how
// many bytes they may inflate to. yauzl reads the central directory; each part's declared size
// is checked against what is left of the cap before it is inflated, and yauzl stops an entry
// that inflates past its declared size while it is read, so a zip bomb (a small file that
// unzips to gigabytes, declared honestly or not) is refused with memory and time bounded.
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ExtractionError } from './extracted.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4, a local file header
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06]; // PK\5\6, an end of central directory

export function isZip(bytes: Uint8Array): boolean {
  return [ZIP_MAGIC, EMPTY_ZIP_MAGIC].some((magic) => magic.every((b, i) => bytes[i] === b));
}

export interface ZipReadOptions {
  /** What the container is called in messages: 'DOCX file', 'EPUB book'… */
  what: string;
  /** The parts to inflate, by path; others are never inflated. */
  wanted: (path: string) => boolean;
  /** Inflated bytes allowed for all wanted parts together. */
  maxBytes: number;
  /** Names the limit in the message when it is passed. */
  limitName: string;
}

const count = (n: number) => n.toLocaleString('en-US');

function overLimit(options: ZipReadOptions): ExtractionError {
  return new ExtractionError(
    `the ${options.what} unzips to more than ${count(options.maxBytes)} bytes, the limit (${options.limitName})`,
  );
}

function openZip(bytes: Uint8Array, what: string): Promise<ZipFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, strictFileNames: false }, (error, zip) => {
      if (error) reject(new ExtractionError(`could not read the ${what}: ${error.message}`));
      else resolve(zip);
    });
  });
}

/** The entry's bytes, read as a stream and refused as soon as they pass `room`. */
function inflate(zip: ZipFile, entry: Entry, room: number, options: ZipReadOptions) {
  return new Promise<Buffer>((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) {
        reject(new ExtractionError(`could not read the ${options.what}: ${error.message}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > room) {
          stream.destroy();
          reject(overLimit(options));
        } else chunks.push(chunk);
      });
      stream.on('error', (streamError: Error) =>
        // yauzl: "too many bytes in the stream" when an entry inflates past its declared size.
        reject(new ExtractionError(`could not read the ${options.what}: ${streamError.message}`)),
      );
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/**
 * The wanted parts by path. ExtractionError when the bytes are not a readable ZIP or the parts
 * would inflate past options.maxBytes.
 */
export async function readZip(
  bytes: Uint8Array,
  options: ZipReadOptions,
): Promise<Map<string, Buffer>> {
  const zip = await openZip(bytes, options.what);
  const parts = new Map<string, Buffer>();
  let room = options.maxBytes;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (error: Error) =>
        reject(new ExtractionError(`could not read the ${options.what}: ${error.message}`)),
      );
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        const path = entry.fileName;
        if (path.endsWith('/') || !options.wanted(path) || parts.has(path)) {
          zip.readEntry();
          return;
        }
        if (entry.uncompressedSize > room) {
          reject(overLimit(options));
          return;
        }
        inflate(zip, entry, room, options).then((part) => {
          room -= part.length;
          parts.set(path, part);
          zip.readEntry();
        }, reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return parts;
}
