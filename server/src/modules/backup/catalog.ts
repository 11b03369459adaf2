// What the database itself says about its tables: their columns, primary keys, sequences and
// foreign keys. Backup and restore read it instead of a hand-written list, so a new table or
// column is covered (or refused, coverage.ts) without anyone remembering to add it here.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { BackupError } from './format.js';

export interface TableInfo {
  name: string;
  /** Columns that are written on restore (generated ones are computed again). */
  columns: string[];
  generated: string[];
  /** The primary key's columns in key order: backups page through the table by it. */
  key: string[];
  /** Sequences behind serial or identity columns, set past the restored rows. */
  sequences: { column: string; sequence: string }[];
}

interface ColumnRow extends Record<string, unknown> {
  table_name: string;
  column_name: string;
  generated: boolean;
  key_position: number | null;
  sequence: string | null;
}

interface ReferenceRow extends Record<string, unknown> {
  child: string;
  parent: string;
}

async function columns(db: Db): Promise<Map<string, TableInfo>> {
  const { rows } = await db.execute<ColumnRow>(sql`
    select c.relname as table_name, a.attname as column_name, a.attgenerated <> '' as generated,
      (select k.position from unnest(i.indkey) with ordinality k(attnum, position)
        where k.attnum = a.attnum)::int as key_position,
      pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) as sequence
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    left join pg_index i on i.indrelid = c.oid and i.indisprimary
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname, a.attnum`);
  const tables = new Map<string, TableInfo>();
  for (const row of rows) {
    let table = tables.get(row.table_name);
    if (!table) {
      table = { name: row.table_name, columns: [], generated: [], key: [], sequences: [] };
      tables.set(row.table_name, table);
    }
    (row.generated ? table.generated : table.columns).push(row.column_name);
    if (row.key_position) table.key[row.key_position - 1] = row.column_name;
    if (row.sequence) table.sequences.push({ column: row.column_name, sequence: row.sequence });
  }
  return tables;
}

async function references(db: Db): Promise<ReferenceRow[]> {
  const { rows } = await db.execute<ReferenceRow>(sql`
    select child.relname as child, parent.relname as parent
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    join pg_namespace n on n.oid = child.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and child.oid <> parent.oid`);
  return rows;
}

/** Names in an order where every table comes after the tables it references. */
function loadOrder(names: string[], edges: ReferenceRow[]): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  let remaining = [...names].sort();
  while (remaining.length > 0) {
    const ready = remaining.filter((name) =>
      edges.every((e) => e.child !== name || placed.has(e.parent) || !names.includes(e.parent)),
    );
    if (ready.length === 0)
      throw new BackupError(`tables reference each other in a cycle: ${remaining.join(', ')}`);
    for (const name of ready) placed.add(name);
    ordered.push(...ready);
    remaining = remaining.filter((name) => !placed.has(name));
  }
  return ordered;
}

/** Every table of the application's schema, in load order. */
export async function readCatalog(db: Db): Promise<TableInfo[]> {
  const [tables, edges] = await Promise.all([columns(db), references(db)]);
  for (const table of tables.values())
    if (table.key.length === 0)
      throw new BackupError(`table ${table.name} has no primary key: backups page by it`);
  return loadOrder([...tables.keys()], edges).map((name) => tables.get(name)!);
}
