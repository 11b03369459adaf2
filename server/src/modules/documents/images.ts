// Pictures for OCR: PNG and JPEG files known by their signature, their size read from their
// header (so a picture too large to read is refused before it is decoded), and the pixels that
// pdf.js decodes from a PDF's images turned into greyscale.

/** Pictures larger than this (about a 600 dpi A3 scan) are not OCR'd: decoding one takes ~200 MB. */
export const MAX_OCR_PIXELS = 40_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const isPng = (bytes: Uint8Array) => PNG_SIGNATURE.every((b, i) => bytes[i] === b);
export const isJpeg = (bytes: Uint8Array) =>
  bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

const uint16 = (bytes: Uint8Array, at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
const uint32 = (bytes: Uint8Array, at: number) => uint16(bytes, at) * 65536 + uint16(bytes, at + 2);

/** Start-of-frame markers (baseline, progressive, lossless…), which give a JPEG's size. */
const JPEG_FRAMES = new Set([
  0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
]);

function jpegSize(bytes: Uint8Array) {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (JPEG_FRAMES.has(marker))
      return { height: uint16(bytes, at + 5), width: uint16(bytes, at + 7) };
    at += 2 + uint16(bytes, at + 2);
  }
  return undefined;
}

/** A PNG's or JPEG's width and height from its header; undefined when it has none. */
export function pictureSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (isPng(bytes) && bytes.length >= 24)
    return { width: uint32(bytes, 16), height: uint32(bytes, 20) };
  if (isJpeg(bytes)) return jpegSize(bytes);
  return undefined;
}

/** pdf.js's ImageKind: 1 bit a pixel (1 = white), RGB, RGBA. */
const GRAYSCALE_1BPP = 1;
const RGB_24BPP = 2;
const RGBA_32BPP = 3;

/** A decoded image as pdf.js gives it (page.objs). */
export interface PdfImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** Greyscale pixels of a decoded PDF image; undefined for a kind this does not know. */
export function pdfImageToGray(image: PdfImage) {
  const { width, height, kind, data } = image;
  if (!data || width <= 0 || height <= 0) return undefined;
  const pixels = new Uint8Array(width * height);
  if (kind === GRAYSCALE_1BPP) {
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        pixels[y * width + x] = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
  } else if (kind === RGB_24BPP || kind === RGBA_32BPP) {
    const step = kind === RGB_24BPP ? 3 : 4;
    for (let i = 0, j = 0; i < pixels.length; i++, j += step) {
      const luma = 0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!;
      // Transparent pixels are shown on white paper.
      const alpha = step === 4 ? data[j + 3]! / 255 : 1;
      pixels[i] = Math.round(luma * alpha + 255 * (1 - alpha));
    }
  } else return undefined;
  return { width, height, pixels };
}
