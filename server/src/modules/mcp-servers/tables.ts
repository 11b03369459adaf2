import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * External MCP servers an administrator registered: their tools join the chat agent's, for
 * every user. The bearer secret is sealed (lib/secret-box.ts), never stored in clear.
 */
export const mcpServers = pgTable('mcp_servers', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Its tools' prefix (`<name>__<tool>`): lower-case letters, digits and dashes. */
  name: text('name').notNull().unique(),
  /** Streamable HTTP endpoint. */
  url: text('url').notNull(),
  /** The bearer secret sent as `Authorization: Bearer …`, sealed; null: none. */
  sealedSecret: text('sealed_secret'),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
