// Run once while the server image is built (server/Dockerfile), never by the roles: fills Node's
// compile cache (the directory NODE_COMPILE_CACHE names) with the code that the roles load, so
// that each start reads compiled code instead of compiling it again (docs/performance.md,
// Start-up). Importing a module compiles it, and its static imports; nothing is started. Every
// module of dist/ is imported except main.js, which would run a command; the packages the roles
// import on demand as they start are imported by name.
import module from 'node:module';
import { readdirSync } from 'node:fs';

/** Loaded by db/client.js when DATABASE_URL is set, as every server role starts. */
const LOADED_ON_DEMAND_AT_START = ['pg', 'drizzle-orm/node-postgres'];

if (!module.getCompileCacheDir?.()) {
  console.error('warm-compile-cache: no compile cache is enabled (set NODE_COMPILE_CACHE)');
  process.exit(1);
}
const dist = new URL('../dist/', import.meta.url);
const modules = readdirSync(dist, { recursive: true })
  .filter((file) => file.endsWith('.js') && file !== 'main.js')
  .map((file) => new URL(file, dist).href);
for (const specifier of [...modules, ...LOADED_ON_DEMAND_AT_START]) await import(specifier);
module.flushCompileCache();
console.log(`warm-compile-cache: ${modules.length} modules of dist/ and their imports compiled`);
// A module may have left a timer or a handle open: nothing here needs to finish.
process.exit(0);
