import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { mcpServers } from './tables.js';

export type McpServerRow = typeof mcpServers.$inferSelect;

export async function insertMcpServer(
  db: Db,
  values: typeof mcpServers.$inferInsert,
): Promise<McpServerRow> {
  const [row] = await db.insert(mcpServers).values(values).returning();
  return row!;
}

export async function selectMcpServer(db: Db, id: string): Promise<McpServerRow | undefined> {
  const [row] = await db.select().from(mcpServers).where(eq(mcpServers.id, id));
  return row;
}

export const selectMcpServers = (db: Db) =>
  db.select().from(mcpServers).orderBy(asc(mcpServers.name));

export const selectEnabledMcpServers = (db: Db) =>
  db.select().from(mcpServers).where(eq(mcpServers.enabled, true)).orderBy(asc(mcpServers.name));

export async function updateMcpServer(
  db: Db,
  id: string,
  changes: Partial<Pick<McpServerRow, 'name' | 'url' | 'sealedSecret' | 'enabled'>>,
): Promise<McpServerRow | undefined> {
  const [row] = await db
    .update(mcpServers)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(mcpServers.id, id))
    .returning();
  return row;
}

export async function deleteMcpServer(db: Db, id: string): Promise<boolean> {
  const deleted = await db
    .delete(mcpServers)
    .where(eq(mcpServers.id, id))
    .returning({ id: mcpServers.id });
  return deleted.length > 0;
}
