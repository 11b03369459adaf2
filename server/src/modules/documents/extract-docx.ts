// Word documents (DOCX) with mammoth: converted to HTML, whose headings (Heading 1–3 styles)
// become sections through the HTML extractor. mammoth is handed a ZIP rebuilt from the XML
// parts that were read within the unzip limit (zip.ts), never the upload itself, so it cannot
// inflate more than was checked; pictures are left out (only their alt text is kept).
import { extractHtml } from './extract-html.js';
import { ExtractionError, type Extracted } from './extracted.js';
import { unzipLimit, type IngestLimits } from './limits.js';
import { readZip } from './zip.js';

type Libraries = [typeof import('mammoth'), typeof import('fflate')];
let libraries: Promise<Libraries> | undefined;

// Loaded on first use: only the ingestion worker reads Word documents.
const loadLibraries = () => (libraries ??= Promise.all([import('mammoth'), import('fflate')]));

const isXmlPart = (path: string) => /\.(?:xml|rels)$/i.test(path);

export async function extractDocx(bytes: Uint8Array, limits: IngestLimits): Promise<Extracted> {
  const parts = await readZip(bytes, {
    what: 'DOCX file',
    wanted: isXmlPart,
    ...unzipLimit(limits),
  });
  const [{ convertToHtml, images }, { zipSync }] = await loadLibraries();
  const checked = zipSync(Object.fromEntries(parts), { level: 0 });
  let html: string;
  try {
    const result = await convertToHtml(
      { buffer: Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength) },
      {
        externalFileAccess: false,
        convertImage: images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
    html = result.value;
  } catch (error) {
    throw new ExtractionError(`could not read the DOCX file: ${(error as Error).message}`);
  }
  return extractHtml(html);
}
