// Source code kept as it is written (indentation, blank lines), as one section headed by the
// file's name and its language, so that a search for the file or the language finds it too.
import { baseName, languageOf } from './code-languages.js';
import { addSection, type Extracted, type ExtractedSection } from './extracted.js';

export function extractCode(text: string, fileName: string | undefined): Extracted {
  const language = languageOf(fileName, text) ?? 'source code';
  const name = fileName ? baseName(fileName) : undefined;
  const sections: ExtractedSection[] = [];
  addSection(sections, { heading: name ? `${name} (${language})` : language, text });
  return { sections };
}
