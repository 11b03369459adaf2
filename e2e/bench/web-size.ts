// npm run bench:web — what a first visit downloads: the built web app's initial JavaScript
// (the entry script and every modulepreload) and CSS, raw and gzipped as nginx sends them,
// and then what each page adds when it is the first one shown (each page is a lazy chunk:
// a signed-in visit opens on the chat page). Fails when the JavaScript of any first page
// (initial, or initial plus that page's chunks) is over its budget. WEB_DIR measures another
// build.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = join(ROOT, 'web');
const DIST = resolve(ROOT, process.env.WEB_DIR || 'web/dist');
/** Gzipped bytes of initial JavaScript (kB = 1000 bytes, as Vite counts). */
const JS_BUDGET = 150_000;

/** A path as the reader would type it: from the repository when inside it. */
const shown = (path: string) =>
  relative(ROOT, path).startsWith('..') ? path : relative(ROOT, path);

interface Asset {
  file: string;
  raw: number;
  gzipped: number;
}

/** The level the web image's nginx compresses at, read from its configuration. */
function nginxGzipLevel(): number {
  const conf = readFileSync(join(WEB, 'nginx', 'default.conf.template'), 'utf8');
  const level = /^\s*gzip_comp_level\s+(\d+);/m.exec(conf)?.[1];
  if (!level) throw new Error('no gzip_comp_level in web/nginx/default.conf.template');
  return Number(level);
}

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** Builds the web app unless the build is newer than every source it comes from. */
function ensureBuilt() {
  const index = join(DIST, 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((f) => join(WEB, f));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestChange)))
    return;
  console.log(`building the web app into ${shown(DIST)} …`);
  const args = ['--outDir', DIST, '--emptyOutDir', '--logLevel', 'warn'];
  const build = spawnSync('npm', ['run', 'build', '-w', 'web', '--', ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error(`the web build failed (exit ${build.status})`);
}

/** Paths (under DIST) the page loads before it runs: entry module, modulepreloads, styles. */
function initialFiles(html: string): string[] {
  const files: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    const url = tag.startsWith('<script')
      ? attribute('type') === 'module' && attribute('src')
      : ['modulepreload', 'stylesheet'].includes(attribute('rel') ?? '') && attribute('href');
    if (url) files.push(url.replace(/^\//, ''));
  }
  return files;
}

function allAssets(): string[] {
  return readdirSync(join(DIST, 'assets'))
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => `assets/${name}`);
}

/** The chunks a chunk imports statically, and theirs: Vite writes `from"./x.js"`, `import"./x.js"`. */
function withImports(file: string, found = new Set<string>()): Set<string> {
  if (found.has(file)) return found;
  found.add(file);
  const code = readFileSync(join(DIST, file), 'utf8');
  for (const [, name] of code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g))
    withImports(`assets/${name}`, found);
  return found;
}

/** The chunks these files load on demand (`import(\`./x.js\`)`), with what those import. */
function lazyImports(files: string[]): Set<string> {
  const found = new Set<string>();
  for (const file of files) {
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const [, name] of code.matchAll(/import\([`"']\.\/([\w.-]+\.js)[`"']\)/g))
      withImports(`assets/${name}`, found);
  }
  return found;
}

/**
 * Each page's own chunk (…Page-<hash>.js) and the JavaScript it needs beyond the initial
 * before it shows (`files`), then what it loads itself on demand (`later`: the chat page's
 * Markdown renderer, fetched once the page is shown).
 */
function pageChunks(initial: string[]) {
  return allAssets()
    .filter((file) => /^assets\/\w+Page-[\w-]+\.js$/.test(file))
    .map((file) => {
      const files = [...withImports(file)].filter((f) => !initial.includes(f));
      const later = [...lazyImports(files)].filter(
        (f) => !initial.includes(f) && !files.includes(f),
      );
      return { page: /^assets\/(\w+Page)-/.exec(file)![1]!, files, later };
    })
    .sort((a, b) => a.page.localeCompare(b.page));
}

function measure(file: string, level: number): Asset {
  const bytes = readFileSync(join(DIST, file));
  return { file, raw: bytes.length, gzipped: gzipSync(bytes, { level }).length };
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1).padStart(9);
const row = (label: string, raw: number, gzipped: number, note = '') =>
  `${label.padEnd(44)}${kB(raw)}${kB(gzipped)}${note}`;
const total = (assets: Asset[], key: 'raw' | 'gzipped') =>
  assets.reduce((sum, asset) => sum + asset[key], 0);

function main() {
  ensureBuilt();
  const level = nginxGzipLevel();
  const initial = initialFiles(readFileSync(join(DIST, 'index.html'), 'utf8'));
  const assets = initial.map((file) => measure(file, level));
  const lazy = allAssets()
    .filter((file) => !initial.includes(file))
    .map((file) => measure(file, level));
  const js = assets.filter((a) => a.file.endsWith('.js'));
  const css = assets.filter((a) => a.file.endsWith('.css'));
  if (js.length === 0) throw new Error(`no entry script in ${join(DIST, 'index.html')}`);
  const jsGzipped = total(js, 'gzipped');
  const pages = pageChunks(initial).map(({ page, files, later }) => {
    const added = files.map((file) => measure(file, level));
    const raw = total(js, 'raw') + total(added, 'raw');
    const gzipped = jsGzipped + total(added, 'gzipped');
    const then = later.map((file) => measure(file, level));
    return {
      page,
      raw,
      gzipped,
      later: then,
      rawLater: raw + total(then, 'raw'),
      gzippedLater: gzipped + total(then, 'gzipped'),
    };
  });
  const over = [{ page: 'initial', gzipped: jsGzipped }, ...pages].filter(
    (p) => p.gzipped > JS_BUDGET,
  );

  console.log(
    `${shown(DIST)}: what the first page load fetches, gzipped at level ${level} ` +
      '(nginx gzip_comp_level in the web image); kB = 1000 bytes\n',
  );
  console.log(`${'file'.padEnd(44)}${'raw kB'.padStart(9)}${'gzip kB'.padStart(9)}`);
  for (const asset of assets) console.log(row(asset.file, asset.raw, asset.gzipped));
  console.log('');
  console.log(
    row(
      'initial JavaScript',
      total(js, 'raw'),
      jsGzipped,
      `   ${jsGzipped <= JS_BUDGET ? 'under' : 'OVER'} the ${JS_BUDGET / 1000} kB target`,
    ),
  );
  console.log(row('initial CSS', total(css, 'raw'), total(css, 'gzipped')));
  if (pages.length) {
    console.log(
      '\nJavaScript when each page is the first shown: initial + the page and its chunks',
    );
    for (const { page, raw, gzipped, later, rawLater, gzippedLater } of pages) {
      console.log(
        row(
          page,
          raw,
          gzipped,
          `   ${gzipped <= JS_BUDGET ? 'under' : 'OVER'} the ${JS_BUDGET / 1000} kB target`,
        ),
      );
      if (later.length)
        console.log(
          row(
            `  then, once shown: + ${later.map((a) => /^assets\/([\w.]+?)-/.exec(a.file)?.[1] ?? a.file).join(' + ')}`,
            rawLater,
            gzippedLater,
          ),
        );
    }
  }
  if (lazy.length) {
    console.log('\nloaded later, when needed (not counted above)');
    for (const asset of lazy) console.log(row(asset.file, asset.raw, asset.gzipped));
  }
  for (const { page, gzipped } of over) {
    console.error(`\n${page} JavaScript is ${kB(gzipped).trim()} kB gzipped: over the target`);
    process.exitCode = 1;
  }
}

main();
