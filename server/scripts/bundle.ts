// Part of the server's build (build:code): bundles src/ and the packages it imports into a few
// files in dist/, so that a process starts by reading a handful of files instead of finding,
// reading and compiling about 700 modules (docs/performance.md, Start-up). Dynamic imports stay
// dynamic: what a role or a request loads on first use (the MCP SDK, the AI SDK, Better Auth,
// the format readers) is a chunk of its own, loaded when it is now. `npm run typecheck` is tsc.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { SERVER_DIR } from '../src/lib/server-dir.js';

const DIST = join(SERVER_DIR, 'dist');

/**
 * Left in node_modules, each for a reason: files of their own that they find beside their code
 * (PGlite's WebAssembly, pdf.js's worker, piscina's and pino's thread entries, swagger-ui's
 * page), or native code that is optional.
 */
export const EXTERNAL_PACKAGES = [
  // CommonJS loaded by import() on first use, its named exports destructured (below).
  'mammoth',
  '@electric-sql/pglite',
  'pdfjs-dist',
  'piscina',
  'pino',
  'pino-pretty',
  '@fastify/swagger-ui',
  // Starts its recognition threads from a script in its own directory (src/worker-script), which
  // requires tesseract.js-core's WebAssembly; and CommonJS loaded by import().
  'tesseract.js',
  'pg-native',
  'msgpackr-extract',
];

// What the build made before goes (a renamed module would leave its old file); the PGlite
// template is made by build:pglite-template and kept.
mkdirSync(DIST, { recursive: true });
for (const name of readdirSync(DIST, { withFileTypes: true }).map((entry) => entry.name))
  if (!name.startsWith('pglite-template'))
    rmSync(join(DIST, name), { recursive: true, force: true });

const result = await build({
  absWorkingDir: SERVER_DIR,
  // main.js: the `docket` command; app.js: the app that tests inject into and check the imports
  // of; prepare-thread.js: the preparation threads' entry, which prepare-pool.ts finds beside it.
  entryPoints: ['src/main.ts', 'src/app.ts', 'src/modules/documents/prepare-thread.ts'],
  outdir: DIST,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: EXTERNAL_PACKAGES,
  // Stack traces name src/ lines with --enable-source-maps (docs/operations.md).
  sourcemap: 'linked',
  // Less text to read, decode and compile at every start (8.8 → 5.9 MB of JavaScript; the api
  // role's start about 60 ms shorter, docs/performance.md). Names are kept: identifiers are not
  // minified, so stack traces, logs and `.name` read as in src/.
  minifyWhitespace: true,
  minifySyntax: true,
  // Lines are enough for a stack trace: the sources themselves are not copied into the maps.
  sourcesContent: false,
  metafile: true,
  // CommonJS packages bundled into ES modules: `require` of Node's own modules, and their
  // directory names (ES modules have import.meta's instead).
  banner: {
    js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
  },
  define: { __dirname: 'import.meta.dirname', __filename: 'import.meta.filename' },
  logLevel: 'warning',
});
/**
 * Packages that src/ reads files of without importing them (no import names them in the
 * metafile): the image keeps them too (scripts/prune-bundled.js).
 */
export const DATA_PACKAGES = [
  // The English OCR model, found with require.resolve (documents/ocr.ts).
  '@tesseract.js-data/eng',
];

// Which sources and packages each file holds (server/test/lazy-imports.test.ts reads it), and
// the data packages.
writeFileSync(
  join(DIST, 'meta.json'),
  JSON.stringify({ ...result.metafile, dataPackages: DATA_PACKAGES }),
);

/**
 * A CommonJS package that src/ loads with import() becomes a chunk with a default export only
 * (esbuild cannot know its names), where Node would give its named exports too: such an import
 * must take `default` (these do), or the package must stay external.
 */
const TAKES_DEFAULT = new Set(['pg']);
const defaultOnly = new Set(
  Object.values(result.metafile.outputs)
    .filter((output) => output.entryPoint && output.exports.join() === 'default')
    .map((output) => output.entryPoint!),
);
const unsafe = Object.entries(result.metafile.inputs)
  .filter(([input]) => input.startsWith('src/'))
  .flatMap(([input, { imports }]) =>
    imports
      .filter((entry) => entry.kind === 'dynamic-import' && defaultOnly.has(entry.path))
      .filter((entry) => !TAKES_DEFAULT.has(entry.original ?? ''))
      .map((entry) => `${input}: import('${entry.original}')`),
  );
if (unsafe.length > 0) {
  console.error(
    `bundle: CommonJS loaded by import() would lose its named exports:\n  ${unsafe.join('\n  ')}\n` +
      'take its default export (and add it to TAKES_DEFAULT) or add it to EXTERNAL_PACKAGES',
  );
  process.exit(1);
}
const files = Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js'));
console.log(`bundle: ${files.length} files in dist/`);
