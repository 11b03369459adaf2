// Run once while the server image is built (server/Dockerfile), never by the roles: fills Node's
// compile cache (the directory NODE_COMPILE_CACHE names) with the code that the roles load, so
// that each start reads compiled code instead of compiling it again (docs/performance.md,
// Start-up). Importing a module compiles it, and its static imports; nothing is started. Every
// file of the bundle in dist/ is imported except main.js, which would run a command: the chunks
// the roles load as they start (pg and drizzle's driver included), and the packages left outside
// the bundle that they import.
import module from 'node:module';
import { readdirSync } from 'node:fs';

if (!module.getCompileCacheDir?.()) {
  console.error('warm-compile-cache: no compile cache is enabled (set NODE_COMPILE_CACHE)');
  process.exit(1);
}
const dist = new URL('../dist/', import.meta.url);
const modules = readdirSync(dist)
  .filter((file) => file.endsWith('.js') && file !== 'main.js')
  .map((file) => new URL(file, dist).href);
/** The chunk that opens the embedded database imports PGlite, which the image leaves out. */
const needsPglite = (error) =>
  error?.code === 'ERR_MODULE_NOT_FOUND' && error.message.includes("'@electric-sql/pglite'");
for (const specifier of modules)
  await import(specifier).catch((error) => {
    if (!needsPglite(error)) throw error;
  });
module.flushCompileCache();
console.log(`warm-compile-cache: ${modules.length} files of dist/ and their imports compiled`);
// A module may have left a timer or a handle open: nothing here needs to finish.
process.exit(0);
