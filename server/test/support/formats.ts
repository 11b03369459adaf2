// Real office files and e-books for the tests, made by the libraries that write them: DOCX with
// `docx`, XLSX with exceljs; PPTX and EPUB zipped with fflate part by part, following the
// formats' structure (ECMA-376 Part 1 for PPTX, EPUB 3 OCF for EPUB).
import * as docxModule from 'docx';
import ExcelJS from 'exceljs';
import { strToU8, zipSync, type Zippable } from 'fflate';

/** docx 8's declarations re-export without file extensions, which NodeNext cannot follow. */
interface DocxWriter {
  Document: new (options: { sections: { children: unknown[] }[] }) => object;
  Paragraph: new (options: { text: string; heading?: string }) => object;
  HeadingLevel: { HEADING_1: string; HEADING_2: string };
  Packer: { toBuffer(document: object): Promise<Buffer> };
}
const { Document, HeadingLevel, Packer, Paragraph } = docxModule as unknown as DocxWriter;

export async function makeDocx(
  title: string,
  sections: { heading: string; paragraphs: string[] }[],
): Promise<Buffer> {
  const children = [
    new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }),
    ...sections.flatMap((section) => [
      new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_2 }),
      ...section.paragraphs.map((text) => new Paragraph({ text })),
    ]),
  ];
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

export async function makeXlsx(
  sheets: { name: string; rows: ExcelJS.CellValue[][] }[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) worksheet.addRow(row);
    worksheet.columns.forEach((column) => {
      if (sheet.rows.some((row) => row[Number(column.number) - 1] instanceof Date))
        column.numFmt = 'yyyy-mm-dd';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';

function rels(relations: { id: string; type: string; target: string }[]): string {
  return xml(
    `<Relationships xmlns="${RELS_NS}">${relations
      .map((r) => `<Relationship Id="${r.id}" Type="${REL_TYPE}/${r.type}" Target="${r.target}"/>`)
      .join('')}</Relationships>`,
  );
}

/** A text shape: a placeholder of that type (title, body…), its paragraphs. */
function shape(id: number, placeholder: string, paragraphs: string[]): string {
  // A line break inside a paragraph (\n here) is an <a:br/> between runs.
  const runs = paragraphs.map(
    (text) =>
      `<a:p>${text
        .split('\n')
        .map((line) => `<a:r><a:t>${escape(line)}</a:t></a:r>`)
        .join('<a:br/>')}</a:p>`,
  );
  return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${placeholder} ${id}"/><p:cNvSpPr/><p:nvPr><p:ph type="${placeholder}"${placeholder === 'body' ? ' idx="1"' : ''}/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>${runs.join('')}</p:txBody></p:sp>`;
}

const tree = (shapes: string) =>
  `<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shapes}</p:spTree></p:cSld>`;

export function makePptx(slides: { title: string; body: string[]; notes?: string }[]): Buffer {
  const type = (part: string) =>
    `application/vnd.openxmlformats-officedocument.presentationml.${part}+xml`;
  const files: Zippable = {};
  const overrides = [
    `<Override PartName="/ppt/presentation.xml" ContentType="${type('presentation.main')}"/>`,
  ];
  slides.forEach((slide, i) => {
    const n = i + 1;
    overrides.push(
      `<Override PartName="/ppt/slides/slide${n}.xml" ContentType="${type('slide')}"/>`,
    );
    files[`ppt/slides/slide${n}.xml`] = strToU8(
      xml(
        `<p:sld ${NS}>${tree(shape(2, 'title', [slide.title]) + shape(3, 'body', slide.body))}</p:sld>`,
      ),
    );
    if (!slide.notes) return;
    overrides.push(
      `<Override PartName="/ppt/notesSlides/notesSlide${n}.xml" ContentType="${type('notesSlide')}"/>`,
    );
    files[`ppt/slides/_rels/slide${n}.xml.rels`] = strToU8(
      rels([{ id: 'rId1', type: 'notesSlide', target: `../notesSlides/notesSlide${n}.xml` }]),
    );
    files[`ppt/notesSlides/notesSlide${n}.xml`] = strToU8(
      xml(
        `<p:notes ${NS}>${tree(shape(2, 'sldImg', []) + shape(3, 'body', [slide.notes]) + shape(4, 'sldNum', [String(n)]))}</p:notes>`,
      ),
    );
  });
  files['[Content_Types].xml'] = strToU8(
    xml(
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
    ),
  );
  files['_rels/.rels'] = strToU8(
    rels([{ id: 'rId1', type: 'officeDocument', target: 'ppt/presentation.xml' }]),
  );
  // Slide ids in the presentation's order (here: the reverse of the part names' order).
  files['ppt/presentation.xml'] = strToU8(
    xml(
      `<p:presentation ${NS}><p:sldIdLst>${slides
        .map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 10}"/>`)
        .join('')}</p:sldIdLst></p:presentation>`,
    ),
  );
  files['ppt/_rels/presentation.xml.rels'] = strToU8(
    rels(
      slides.map((_, i) => ({
        id: `rId${i + 10}`,
        type: 'slide',
        target: `slides/slide${i + 1}.xml`,
      })),
    ),
  );
  return Buffer.from(zipSync(files));
}

export function makeEpub(
  title: string,
  chapters: { file: string; title: string; html: string }[],
): Buffer {
  const files: Zippable = {
    // The first entry, stored: how readers recognise an EPUB.
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(
      xml(
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
      ),
    ),
  };
  // The manifest lists the chapters in reverse; the spine gives the reading order.
  const manifest = [...chapters]
    .reverse()
    .map(
      (c, i) =>
        `<item id="c${chapters.length - i}" href="Text/${c.file}" media-type="application/xhtml+xml"/>`,
    )
    .join('');
  const spine = chapters.map((_, i) => `<itemref idref="c${i + 1}"/>`).join('');
  files['OEBPS/content.opf'] = strToU8(
    xml(
      `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:0</dc:identifier><dc:title>${escape(title)}</dc:title><dc:language>en</dc:language></metadata><manifest><item id="style" href="style.css" media-type="text/css"/>${manifest}</manifest><spine>${spine}</spine></package>`,
    ),
  );
  files['OEBPS/style.css'] = strToU8('body { margin: 0 }');
  for (const chapter of chapters) {
    files[`OEBPS/Text/${chapter.file}`] = strToU8(
      xml(
        `<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${escape(chapter.title)}</title></head><body>${chapter.html}</body></html>`,
      ),
    );
  }
  return Buffer.from(zipSync(files));
}

/** A DOCX-looking ZIP whose document part unzips to `inflatedBytes` bytes of one letter. */
export function makeZipBomb(inflatedBytes: number): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        xml(
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        ),
      ),
      'word/document.xml': new Uint8Array(inflatedBytes).fill(0x61),
    }),
  );
}

/**
 * The same bomb with its document part declaring a small size in both headers: it is only
 * refused while it inflates.
 */
export function makeLyingZipBomb(inflatedBytes: number, declaredBytes: number): Buffer {
  const zip = makeZipBomb(inflatedBytes);
  const name = Buffer.from('word/document.xml');
  // Local header (PK\3\4): uncompressed size at +22; central header (PK\1\2): at +24.
  for (let at = zip.indexOf(name); at !== -1; at = zip.indexOf(name, at + 1)) {
    if (zip.readUInt32LE(at - 30) === 0x04034b50) zip.writeUInt32LE(declaredBytes, at - 30 + 22);
    else if (zip.readUInt32LE(at - 46) === 0x02014b50)
      zip.writeUInt32LE(declaredBytes, at - 46 + 24);
  }
  return zip;
}
