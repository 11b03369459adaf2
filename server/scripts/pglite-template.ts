// Part of the server's build: makes dist/pglite-template, a new embedded database as PGlite's
// initdb writes it, which the server copies for each new DATA_DIR instead of running initdb
// (src/db/pglite-template.ts says why). Made again only when missing or made by another PGlite.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import {
  PGLITE_TEMPLATE_DIR,
  PGLITE_TEMPLATE_STAMP,
  pgliteTemplateIsCurrent,
  pgliteVersion,
} from '../src/db/pglite-template.js';

if (!pgliteTemplateIsCurrent()) {
  const partial = `${PGLITE_TEMPLATE_DIR}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(PGLITE_TEMPLATE_STAMP, { force: true });
  const db = await PGlite.create({ dataDir: partial });
  await db.close();
  rmSync(PGLITE_TEMPLATE_DIR, { recursive: true, force: true });
  renameSync(partial, PGLITE_TEMPLATE_DIR);
  writeFileSync(PGLITE_TEMPLATE_STAMP, `${JSON.stringify({ pglite: pgliteVersion() })}\n`);
  console.log(`pglite-template: ${PGLITE_TEMPLATE_DIR} made with PGlite ${pgliteVersion()}`);
}
