// The first pass over an archive, before anything is written: the manifest is read and every
// part's checksum and row count is checked against it. A damaged, cut-short or edited archive
// is refused here, with the target database untouched.
import { createHash } from 'node:crypto';
import { BackupError, MANIFEST_ENTRY, manifestSchema, type Manifest } from './format.js';
import { readEntries } from './reader.js';

export const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** The rows of one part; throws if it is not a JSON array. */
export function partRows(entry: string, content: Buffer): number {
  let rows: unknown;
  try {
    rows = JSON.parse(content.toString('utf8'));
  } catch {
    throw new BackupError(`${entry} is not valid JSON: the archive is damaged`);
  }
  if (!Array.isArray(rows)) throw new BackupError(`${entry} is not a list of rows`);
  return rows.length;
}

function parseManifest(content: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8'));
  } catch {
    throw new BackupError(`${MANIFEST_ENTRY} is not valid JSON: the archive is damaged`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw new BackupError(
      `${MANIFEST_ENTRY} is not a Docket backup manifest of this format: ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

export async function verifyArchive(file: string): Promise<Manifest> {
  const seen = new Map<string, { sha256: string; rows: number }>();
  let manifest: Manifest | undefined;
  for await (const { name, content } of readEntries(file)) {
    if (name === MANIFEST_ENTRY) manifest = parseManifest(content);
    else seen.set(name, { sha256: sha256(content), rows: partRows(name, content) });
  }
  if (!manifest)
    throw new BackupError(`${file} has no ${MANIFEST_ENTRY}: not a Docket backup, or cut short`);
  const listed = new Set<string>();
  for (const table of manifest.tables) {
    for (const part of table.parts) {
      listed.add(part.entry);
      const found = seen.get(part.entry);
      if (!found) throw new BackupError(`${file} lacks ${part.entry}: the archive is incomplete`);
      if (found.sha256 !== part.sha256)
        throw new BackupError(`${part.entry}: checksum mismatch, the archive is damaged`);
      if (found.rows !== part.rows)
        throw new BackupError(`${part.entry}: ${found.rows} rows, the manifest says ${part.rows}`);
    }
    const rows = table.parts.reduce((sum, part) => sum + part.rows, 0);
    if (rows !== table.rows)
      throw new BackupError(
        `${table.name}: parts hold ${rows} rows, the manifest says ${table.rows}`,
      );
  }
  const extra = [...seen.keys()].filter((name) => !listed.has(name));
  if (extra.length > 0)
    throw new BackupError(`${file} holds entries its manifest does not list: ${extra.join(', ')}`);
  return manifest;
}
