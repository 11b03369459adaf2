// Office files, e-books, CSV, source code, scans and pictures end to end: uploaded through the
// API, ingested by in-process jobs, and found by search with the heading their sheet, slide or
// chapter gave them (and, for a scan or a picture, marked as read by OCR); on PGlite for every
// format, and on PostgreSQL for DOCX, XLSX and a scanned PDF. A ZIP of anything else and a
// zip bomb are refused or failed with a sentence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import type { Backend } from './support/databases.js';
import { search, settled, upload } from './support/documents.js';
import { makeDocx, makeEpub, makePptx, makeXlsx, makeZipBomb } from './support/formats.js';
import { makePicture, makeScannedPdf } from './support/pictures.js';

interface Sample {
  kind: string;
  fileName: string;
  make: () => Promise<Buffer> | Buffer;
  query: string;
  heading: string;
  text: RegExp;
  /** Read by OCR: the hit says so, with its page. */
  ocr?: { page?: number };
}

const SAMPLES: Sample[] = [
  {
    kind: 'docx',
    fileName: 'orchard.docx',
    make: () =>
      makeDocx('Orchard care', [
        {
          heading: 'Pruning apple trees',
          paragraphs: ['Cut back the apple branches in February.'],
        },
        { heading: 'Harvest', paragraphs: ['Pick pears when they come away with a twist.'] },
      ]),
    query: 'apple branches february',
    heading: 'Pruning apple trees',
    text: /Cut back the apple branches/,
  },
  {
    kind: 'xlsx',
    fileName: 'stock.xlsx',
    make: () =>
      makeXlsx([
        { name: 'Summary', rows: [['Note'], ['Nothing to see']] },
        {
          name: 'Telescopes',
          rows: [
            ['Model', 'Aperture', 'Mount'],
            ['Dobsonian reflector', '250 mm', 'rocker box'],
            ['Apochromatic refractor', '80 mm', 'equatorial'],
          ],
        },
      ]),
    query: 'dobsonian reflector aperture',
    heading: 'Telescopes',
    text: /Model: Dobsonian reflector; Aperture: 250 mm; Mount: rocker box/,
  },
  {
    kind: 'pptx',
    fileName: 'deck.pptx',
    make: () =>
      makePptx([
        { title: 'Welcome', body: ['Agenda for today'] },
        {
          title: 'Glacier retreat',
          body: ['The glacier lost two kilometres since 1950'],
          notes: 'Show the meltwater lake photograph.',
        },
      ]),
    query: 'meltwater lake photograph',
    heading: 'Glacier retreat',
    text: /Speaker notes: Show the meltwater lake photograph/,
  },
  {
    kind: 'epub',
    fileName: 'voyage.epub',
    make: () =>
      makeEpub('A Voyage', [
        {
          file: 'c1.xhtml',
          title: 'Departure',
          html: '<h1>Departure</h1><p>We sailed at dawn.</p>',
        },
        {
          file: 'c2.xhtml',
          title: 'Landfall',
          html: '<h1>Landfall</h1><p>The albatross followed the schooner for nine days.</p>',
        },
      ]),
    query: 'albatross schooner',
    heading: 'Landfall',
    text: /albatross followed the schooner/,
  },
  {
    kind: 'csv',
    fileName: 'volcanoes.csv',
    make: () =>
      Buffer.from(
        'Volcano,Country,Last eruption\nHekla,Iceland,2000\nEtna,Italy,2024\nFuji,Japan,1707\n',
      ),
    query: 'Hekla Iceland volcano',
    heading: '',
    text: /Volcano: Hekla; Country: Iceland; Last eruption: 2000/,
  },
  {
    kind: 'code',
    fileName: 'lighthouse.rs',
    make: () =>
      Buffer.from(
        '// Rotates the lighthouse beacon.\nfn rotate_beacon(degrees: u32) -> u32 {\n    (degrees + 15) % 360\n}\n',
      ),
    query: 'rotate beacon lighthouse',
    heading: 'lighthouse.rs (Rust)',
    text: /fn rotate_beacon\(degrees: u32\)/,
  },
  {
    kind: 'pdf',
    fileName: 'scanned-letter.pdf',
    make: () =>
      makeScannedPdf([
        ['Dear harbour master,'],
        ['The cormorant colony nests on the north pier', 'from April until the end of July.'],
      ]),
    query: 'where do the cormorants nest',
    heading: '',
    text: /cormorant colony nests on the north pier/,
    ocr: { page: 2 },
  },
  {
    kind: 'png',
    fileName: 'whiteboard.png',
    make: () => makePicture(['Sprint goal: migrate the tide tables', 'to the new gauge format.']),
    query: 'tide tables gauge',
    heading: '',
    text: /migrate the tide tables/,
    ocr: {},
  },
];

function formatsOn(backend: Backend, samples: Sample[]) {
  describe(`document formats on ${backend}`, () => {
    let t: TestApp;
    let ann: TestUser;

    beforeAll(async () => {
      t = await startTestApp({ INGEST_MAX_CHARS: '100000' }, { kind: backend, jobs: 'local' });
      ann = await signUp(t.app, 'ann');
    });
    afterAll(async () => {
      await t.close();
    });

    for (const sample of samples) {
      it(`ingests an uploaded ${sample.kind.toUpperCase()} file and finds it by search`, async () => {
        const added = await upload(t.app, ann, sample.fileName, await sample.make());
        expect(added.statusCode, added.body).toBe(202);
        const doc = await settled(t.app, ann, added.json<{ id: string }>().id);
        expect(doc).toMatchObject({ status: 'ready', error: null, kind: sample.kind });
        const hits = await search(t.app, ann, sample.query);
        const hit = hits.find((found) => found.documentId === doc.id);
        expect(hit, JSON.stringify(hits)).toBeDefined();
        expect(hit!.heading ?? '').toBe(sample.heading);
        expect(hit!.text).toMatch(sample.text);
        expect(hit!.ocr).toBe(sample.ocr !== undefined);
        expect(hit!.page).toBe(sample.ocr?.page);
        expect(hits[0]!.documentId).toBe(doc.id);
      });
    }

    it('refuses a ZIP that is no document format with 415 and says why', async () => {
      const { strToU8, zipSync } = await import('fflate');
      const archive = Buffer.from(zipSync({ 'photos/readme.txt': strToU8('holiday pictures') }));
      const refused = await upload(t.app, ann, 'report.docx', archive);
      expect(refused.statusCode).toBe(415);
      expect(refused.json<{ error: { message: string } }>().error.message).toMatch(
        /^unsupported file \(a ZIP archive that is not a DOCX, XLSX, PPTX or EPUB document\)/,
      );
    });

    it('fails a zip bomb with the limit named, and the worker goes on', async () => {
      const added = await upload(t.app, ann, 'bomb.docx', makeZipBomb(20_000_000));
      expect(added.statusCode, added.body).toBe(202);
      const doc = await settled(t.app, ann, added.json<{ id: string }>().id);
      expect(doc).toMatchObject({
        status: 'failed',
        error:
          'the DOCX file unzips to more than 1,000,000 bytes, the limit (10 bytes per character of INGEST_MAX_CHARS)',
      });
      const after = await upload(t.app, ann, 'after.csv', Buffer.from('a,b\n1,2\n3,4\n'));
      expect((await settled(t.app, ann, after.json<{ id: string }>().id)).status).toBe('ready');
    });
  });
}

formatsOn('pglite', SAMPLES);
formatsOn(
  'postgres',
  SAMPLES.filter((sample) => ['docx', 'xlsx', 'pdf'].includes(sample.kind)),
);
