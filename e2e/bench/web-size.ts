// npm run bench:web — what a first visit downloads: the built web app's initial JavaScript
// (the entry script and every modulepreload) and CSS, raw and gzipped as nginx sends them.
// Fails when the initial JavaScript is over its budget. WEB_DIR measures another build.
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
  const withinBudget = jsGzipped < JS_BUDGET;

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
      `   ${withinBudget ? 'under' : 'OVER'} the ${JS_BUDGET / 1000} kB target`,
    ),
  );
  console.log(row('initial CSS', total(css, 'raw'), total(css, 'gzipped')));
  if (lazy.length) {
    console.log('\nloaded later, when needed (not counted above)');
    for (const asset of lazy) console.log(row(asset.file, asset.raw, asset.gzipped));
  }
  if (!withinBudget) {
    console.error(`\ninitial JavaScript is ${kB(jsGzipped).trim()} kB gzipped: over the target`);
    process.exitCode = 1;
  }
}

main();
