// Every table, for Drizzle and drizzle-kit. Tables live beside the feature that owns them.
export * from '../queue/tables.js';
export * from '../modules/diagnostics/tables.js';
export * from '../modules/auth/tables.js';
export * from '../modules/tokens/tables.js';
export * from '../modules/tasks/tables.js';
export * from '../modules/documents/tables.js';
export * from '../modules/chat/tables.js';
export * from '../modules/collections/tables.js';
export * from '../modules/users/tables.js';
export * from '../modules/settings/tables.js';
export * from '../modules/mcp-servers/tables.js';
