// Rows read as one JSON value (db/select-rows.ts, the embedded database's way) are the rows
// Drizzle's own select gives, value for value, on both databases: nulls, arrays, dates,
// timestamps with microseconds, odd text; and selectRows gives them on either.
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.js';
import { selectRows, selectRowsAsJson } from '../src/db/select-rows.js';
import { users } from '../src/modules/auth/tables.js';
import { tasks } from '../src/modules/tasks/tables.js';
import { migratedDatabase, type Backend } from './support/databases.js';

const ODD_TEXT = 'quote " backslash \\ comma, {braces} newline\n tab\t émoji 🦊';

describe.each<Backend>(['pglite', 'postgres'])('rows as JSON on %s', (kind) => {
  let database: Database;
  const byNewest = (t: typeof tasks) => [desc(t.createdAt), desc(t.id)];

  beforeAll(async () => {
    database = await migratedDatabase(kind);
    const { db } = database;
    await db.insert(users).values({ id: 'ann', name: 'Ann', email: 'ann@example.com' });
    await db.insert(tasks).values([
      { userId: 'ann', title: 'plain', createdAt: new Date('2026-01-01T00:00:00.001Z') },
      {
        userId: 'ann',
        title: ODD_TEXT,
        notes: ODD_TEXT,
        status: 'done',
        priority: 'high',
        dueDate: '2030-12-31',
        tags: ['a,b', 'c"d', '{e}', 'NULL', '', 'ünï'],
        completedAt: new Date('2026-02-03T04:05:06.789Z'),
        createdAt: new Date('2026-01-01T00:00:00.002Z'),
      },
      // Same creation time: the id breaks the tie, in the query and in the aggregate alike.
      { userId: 'ann', title: 'tie one', createdAt: new Date('2026-01-01T00:00:00.003Z') },
      { userId: 'ann', title: 'tie two', createdAt: new Date('2026-01-01T00:00:00.003Z') },
    ]);
  });
  afterAll(() => database.close());

  it('gives the same rows, in the same order, as a plain select', async () => {
    const { db } = database;
    const where = eq(tasks.userId, 'ann');
    const plain = await db
      .select()
      .from(tasks)
      .where(where)
      .orderBy(...byNewest(tasks))
      .limit(3);
    const asJson = await selectRowsAsJson(db, tasks, { where, orderBy: byNewest, limit: 3 });
    expect(asJson).toEqual(plain);
    expect(await selectRows(db, tasks, { where, orderBy: byNewest, limit: 3 })).toEqual(plain);
    expect(asJson.map((row) => row.title).slice(2)).toEqual([ODD_TEXT]);
    expect(asJson[0]!.updatedAt).toBeInstanceOf(Date);
    const odd = await selectRowsAsJson(db, tasks, {
      where: eq(tasks.status, 'done'),
      orderBy: byNewest,
      limit: 10,
    });
    expect(odd).toEqual([expect.objectContaining({ title: ODD_TEXT, notes: ODD_TEXT })]);
    expect(odd[0]!.tags).toEqual(['a,b', 'c"d', '{e}', 'NULL', '', 'ünï']);
  });

  it('gives an empty list when no row matches', async () => {
    const where = eq(tasks.userId, 'nobody');
    expect(
      await selectRowsAsJson(database.db, tasks, { where, orderBy: byNewest, limit: 5 }),
    ).toEqual([]);
  });
});
