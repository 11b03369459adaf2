// OCR of scanned pages and pictures with Tesseract (tesseract.js: Tesseract and Leptonica compiled
// to WebAssembly), English only, offline. tesseract.js requires its core from tesseract.js-core in
// node_modules (Node never fetches a core), and the language data is read from the directory of
// @tesseract.js-data/eng (its LSTM-only "best_int" model: 2.9 MB, the one OEM.LSTM_ONLY needs);
// `cacheMethod: 'none'` keeps it from writing a copy into the working directory, so a read-only
// root filesystem works. tesseract.js runs each recognition in a worker thread of its own, started
// from the preparation thread that extracts the document (prepare-thread.ts), so OCR never runs
// on the process's event loop. One session per document: its thread starts with the first
// picture and ends with the document, or when the document's time limit passes (OCR_TIMEOUT_MS),
// which stops a recognition under way.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OcrLimits } from '../../config.js';
import { ExtractionError } from './extracted.js';

type Tesseract = typeof import('tesseract.js');
type TesseractWorker = Awaited<ReturnType<Tesseract['createWorker']>>;

/** Where the English LSTM model is: beside the package's own (legacy + LSTM) 4.0.0 directory. */
function languageDirectory(): string {
  const entry = createRequire(import.meta.url).resolve('@tesseract.js-data/eng');
  return join(dirname(entry), '4.0.0_best_int');
}

/** An 8-bit greyscale picture, one byte a pixel, rows from the top. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** The picture as binary PGM (P5), which Leptonica reads without a decoder of its own. */
export function toPgm(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const bytes = new Uint8Array(header.length + image.pixels.length);
  bytes.set(header);
  bytes.set(image.pixels, header.length);
  return bytes;
}

const timeLimit = (limits: OcrLimits) =>
  new ExtractionError(
    `OCR took longer than the limit of ${limits.timeoutMs.toLocaleString('en-US')} ms per document (OCR_TIMEOUT_MS)`,
  );

/** The OCR of one document: pictures are read one at a time, within the document's time limit. */
export class OcrSession {
  readonly #limits: OcrLimits;
  readonly #deadline: number;
  #worker: Promise<TesseractWorker> | undefined;

  constructor(limits: OcrLimits) {
    this.#limits = limits;
    this.#deadline = Date.now() + limits.timeoutMs;
  }

  /** The text of an encoded picture (PNG, JPEG, PGM…): lines, with a blank line between blocks. */
  async recognize(image: Uint8Array): Promise<string> {
    const left = this.#deadline - Date.now();
    if (left <= 0) throw timeLimit(this.#limits);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeLimit(this.#limits)), left);
    });
    try {
      const worker = await Promise.race([(this.#worker ??= startWorker()), expired]);
      const recognized = worker.recognize(image).catch((error: unknown) => {
        // Leptonica could not decode it (tesseract.js rejects with a string): the file's fault.
        throw new ExtractionError(`OCR could not read the picture (${String(error)})`);
      });
      const { data } = await Promise.race([recognized, expired]);
      return data.text;
    } catch (error) {
      // Stopped or broken: the thread goes, and with it the recognition under way.
      await this.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the session's thread, if it started. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.then((w) => w.terminate()).catch(() => undefined);
  }
}

async function startWorker(): Promise<TesseractWorker> {
  // Loaded on first use: only a document that needs OCR loads it, and only in a preparation thread.
  const { createWorker, OEM } = (await import('tesseract.js')) as Tesseract;
  return createWorker('eng', OEM.LSTM_ONLY, {
    langPath: languageDirectory(),
    cacheMethod: 'none',
    gzip: true,
  });
}
