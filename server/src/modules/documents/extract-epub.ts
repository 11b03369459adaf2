// E-books (EPUB 2 and 3): the chapters in the spine's reading order, each read by the HTML
// extractor so that its headings become sections; text before a chapter's first heading is
// headed by the chapter's own title. The book's title is the package's dc:title.
import { extractHtml } from './extract-html.js';
import {
  addSection,
  collapse,
  ExtractionError,
  type Extracted,
  type ExtractedSection,
} from './extracted.js';
import { unzipLimit, type IngestLimits } from './limits.js';
import { attribute, elements, parseXml, resolvePart, textOf } from './xml.js';
import { readZip } from './zip.js';

const isTextPart = (path: string) => /\.(?:xml|opf|x?html?)$/i.test(path);
const CHAPTER_TYPES = new Set(['application/xhtml+xml', 'text/html']);

export async function extractEpub(bytes: Uint8Array, limits: IngestLimits): Promise<Extracted> {
  const parts = await readZip(bytes, {
    what: 'EPUB file',
    wanted: isTextPart,
    ...unzipLimit(limits),
  });
  const container = parts.get('META-INF/container.xml');
  const rootfile = container ? elements(parseXml(container), 'rootfile')[0] : undefined;
  const packagePath = rootfile ? attribute(rootfile, 'full-path') : undefined;
  const packageXml = packagePath ? parts.get(packagePath) : undefined;
  if (!packagePath || !packageXml)
    throw new ExtractionError('could not read the EPUB file: it has no package document');
  const opf = parseXml(packageXml);
  const manifest = new Map(
    elements(opf, 'item').map((item) => [attribute(item, 'id'), item] as const),
  );
  const sections: ExtractedSection[] = [];
  for (const itemref of elements(opf, 'itemref')) {
    const item = manifest.get(attribute(itemref, 'idref'));
    const href = item && attribute(item, 'href');
    if (!href || !CHAPTER_TYPES.has(attribute(item, 'media-type') ?? '')) continue;
    const chapter = parts.get(resolvePart(packagePath, href));
    if (!chapter) continue;
    const { title, sections: chapterSections } = extractHtml(new TextDecoder().decode(chapter));
    for (const section of chapterSections)
      addSection(sections, { ...section, heading: section.heading ?? title });
  }
  const titleElement = elements(opf, 'title')[0];
  const title = titleElement ? collapse(textOf(titleElement)) : '';
  return title ? { title, sections } : { sections };
}
