// Run while the server image is built (server/Dockerfile), with Node alone: removes from the
// installed production packages those that the bundle holds (scripts/bundle.ts), keeping the
// packages it imports at run time (its metafile's external imports) and what they depend on.
//   node scripts/prune-bundled.js <metafile> <node_modules directory>...
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';

const [metafile, ...roots] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metafile, 'utf8'));
const builtins = new Set(builtinModules);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

// The packages the bundle imports, and those whose files it reads (bundle.ts's DATA_PACKAGES).
const imported = new Set([
  ...Object.values(meta.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.external && !entry.path.startsWith('node:'))
    .map((entry) => packageName(entry.path))
    .filter((name) => !builtins.has(name)),
  ...(meta.dataPackages ?? []),
]);

/** Node's resolution: the nearest node_modules/<name> at or above `from`. */
function locate(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

const kept = new Set();
function keep(name, from) {
  const dir = locate(name, from);
  if (!dir || kept.has(dir)) return; // an optional package that is not installed
  kept.add(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const needs = { ...manifest.dependencies, ...manifest.optionalDependencies };
  for (const dependency of Object.keys(needs)) keep(dependency, dir);
}
for (const name of imported) keep(name, dirname(roots[0]));

/** Every installed package directory under `root`, nested ones included. */
function* installed(root) {
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dirs = entry.name.startsWith('@')
      ? readdirSync(join(root, entry.name)).map((name) => join(root, entry.name, name))
      : [join(root, entry.name)];
    for (const dir of dirs) {
      yield dir;
      if (existsSync(join(dir, 'node_modules'))) yield* installed(join(dir, 'node_modules'));
    }
  }
}

let removed = 0;
for (const root of roots)
  for (const dir of [...installed(root)])
    if (
      existsSync(dir) &&
      ![...kept].some((k) => k === dir || k.startsWith(`${dir}/node_modules/`))
    ) {
      rmSync(dir, { recursive: true, force: true });
      removed += 1;
    }
for (const root of roots)
  for (const entry of readdirSync(root))
    if (entry.startsWith('@') && readdirSync(join(root, entry)).length === 0)
      rmSync(join(root, entry), { recursive: true });
rmSync(join(roots[0], '.bin'), { recursive: true, force: true });
console.log(
  `prune-bundled: kept ${kept.size} packages for ${[...imported].join(', ')}; removed ${removed}`,
);
