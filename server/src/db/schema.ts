// Every table, for Drizzle and drizzle-kit. Tables live beside the feature that owns them.
export * from '../queue/tables.js';
export * from '../modules/diagnostics/tables.js';
