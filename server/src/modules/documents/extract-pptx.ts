// PowerPoint presentations (PPTX) read from their XML parts: one section per slide, in the
// presentation's order, headed by the slide's title (else "Slide N"), with its text paragraph by
// paragraph and then its speaker notes.
import type { Element } from 'domhandler';
import { addSection, ExtractionError, type Extracted, type ExtractedSection } from './extracted.js';
import { unzipLimit, type IngestLimits } from './limits.js';
import {
  attribute,
  elements,
  localName,
  mainPart,
  parseXml,
  relationshipId,
  relationships,
  textOf,
} from './xml.js';
import { readZip } from './zip.js';

const isXmlPart = (path: string) => /\.(?:xml|rels)$/i.test(path);
const TITLE_PLACEHOLDERS = new Set(['title', 'ctrTitle']);

/** A shape's placeholder type ('title', 'body', 'sldNum'…), if it is a placeholder. */
const placeholderType = (shape: Element) => {
  const placeholder = elements(shape, 'ph')[0];
  return placeholder ? (attribute(placeholder, 'type') ?? 'body') : undefined;
};

/** A paragraph's text, with its line breaks (<a:br/>). */
const paragraphText = (paragraph: Element) =>
  elements(paragraph, 't', 'br')
    .map((run) => (localName(run) === 'br' ? '\n' : textOf(run)))
    .join('');

/** A shape's (or table's) text: its paragraphs, one a line. */
const paragraphs = (node: Element) => elements(node, 'p').map(paragraphText).join('\n');

interface SlideText {
  title?: string;
  body: string;
}

function slideText(xml: Uint8Array): SlideText {
  const tree = elements(parseXml(xml), 'spTree')[0];
  if (!tree) return { body: '' };
  let title: string | undefined;
  const body: string[] = [];
  // Shapes and table frames, in reading order (groups are looked into).
  for (const frame of elements(tree, 'sp', 'graphicFrame')) {
    const text = paragraphs(frame).trim();
    if (!text) continue;
    if (title === undefined && TITLE_PLACEHOLDERS.has(placeholderType(frame) ?? ''))
      title = text.replace(/\s+/g, ' ');
    else body.push(text);
  }
  return title === undefined ? { body: body.join('\n\n') } : { title, body: body.join('\n\n') };
}

/** The speaker notes: the text of the notes page's body placeholders. */
function notesText(xml: Uint8Array): string {
  return elements(parseXml(xml), 'sp')
    .filter((shape) => placeholderType(shape) === 'body')
    .map(paragraphs)
    .join('\n\n')
    .trim();
}

export async function extractPptx(bytes: Uint8Array, limits: IngestLimits): Promise<Extracted> {
  const parts = await readZip(bytes, {
    what: 'PPTX file',
    wanted: isXmlPart,
    ...unzipLimit(limits),
  });
  const presentationPath = mainPart(parts);
  const presentation = presentationPath ? parts.get(presentationPath) : undefined;
  if (!presentationPath || !presentation)
    throw new ExtractionError('could not read the PPTX file: it has no presentation part');
  const related = relationships(parts, presentationPath);
  const sections: ExtractedSection[] = [];
  elements(parseXml(presentation), 'sldId').forEach((slideId, index) => {
    const path = related.find((relation) => relation.id === relationshipId(slideId))?.target;
    const xml = path ? parts.get(path) : undefined;
    if (!path || !xml) return;
    const { title, body } = slideText(xml);
    const notesPath = relationships(parts, path).find((r) => r.type === 'notesSlide')?.target;
    const notesXml = notesPath ? parts.get(notesPath) : undefined;
    const notes = notesXml ? notesText(notesXml) : '';
    addSection(sections, {
      heading: title ?? `Slide ${index + 1}`,
      text: notes ? `${body}\n\nSpeaker notes: ${notes}` : body,
    });
  });
  return { sections };
}
