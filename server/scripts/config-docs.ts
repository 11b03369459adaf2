// Writes README.md's configuration table and .env.example's comments from the settings
// schema (server/src/config.ts), so that the docs cannot drift from the code. `--check`
// writes nothing and fails, naming each stale variable, when they have drifted (npm run lint).
//   npm run config:docs            rewrite both files
//   npm run config:docs -- --check
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { documentedSettings, type DocumentedSetting } from '../src/config.js';

export const README_BEGIN =
  '<!-- config:begin — generated from server/src/config.ts by `npm run config:docs`; edit the descriptions there -->';
export const README_END = '<!-- config:end -->';

/** The files the docs are generated into, and compose.yaml, which says what .env can set. */
export interface ConfigFiles {
  readme: string;
  envExample: string;
  compose: string;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PATHS: Record<keyof ConfigFiles, string> = {
  readme: join(ROOT, 'README.md'),
  envExample: join(ROOT, '.env.example'),
  compose: join(ROOT, 'compose.yaml'),
};

const ENV_COMMENT_WIDTH = 92;
/** `NAME=value`, or `# NAME=value` for a setting left at its default. */
const ENV_LINE = /^(# )?([A-Z][A-Z0-9_]*)=\S*$/;
/** A word that, opening a comment line, would read as a commented-out setting. */
const ASSIGNMENT = /^[A-Z][A-Z0-9_]*=/;
const SECTION_HEADER = /^# ---/;

// README.md ------------------------------------------------------------------------------

function readmeDefault(setting: DocumentedSetting): string {
  if (setting.default) return setting.default;
  if (setting.value === undefined) return '—';
  return setting.value === '' ? 'empty' : `\`${setting.value}\``;
}

function readmeRow(setting: DocumentedSetting): string {
  const name = `\`${setting.name}\`${setting.secret ? ' ✱' : ''}`;
  const cells = [name, readmeDefault(setting), setting.description];
  return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
}

/** The table, formatted as Prettier formats README.md (so that `prettier --check` agrees). */
async function readmeTable(settings: DocumentedSetting[]): Promise<string> {
  const table = [
    '| variable | default | meaning |',
    '| --- | --- | --- |',
    ...settings.map(readmeRow),
  ].join('\n');
  const options = await resolveConfig(PATHS.readme);
  return (await format(table, { ...options, parser: 'markdown' })).trimEnd();
}

function replaceReadmeTable(readme: string, table: string): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin)
    throw new Error(`README.md: expected the markers ${README_BEGIN} … ${README_END}`);
  return `${readme.slice(0, begin + README_BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

// .env.example ---------------------------------------------------------------------------

/** Markdown to a plain comment: links become their text, code its content. */
function plain(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replaceAll('`', '');
}

/** Words to lines of at most `width`; no line opens with `NAME=` (that is a setting's line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (!line || line.length + 1 + word.length <= width) line = line ? `${line} ${word}` : word;
    else {
      const cut = ASSIGNMENT.test(word) ? line.lastIndexOf(' ') : -1;
      lines.push(cut > 0 ? line.slice(0, cut) : line);
      line = cut > 0 ? `${line.slice(cut + 1)} ${word}` : word;
    }
  }
  return line ? [...lines, line] : lines;
}

function envComment(setting: DocumentedSetting): string[] {
  const text = plain(setting.description);
  // A description opening with code (`false`: …) keeps its case.
  const sentence = setting.description.startsWith('`')
    ? `${text}.`
    : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}.`;
  const secret = setting.secret ? ` Also read from ${setting.name}_FILE.` : '';
  return wrap(`${sentence}${secret}`, ENV_COMMENT_WIDTH - 2).map((line) => `# ${line}`);
}

function isOwnedComment(line: string): boolean {
  return line.startsWith('#') && !SECTION_HEADER.test(line) && !ENV_LINE.test(line);
}

/**
 * Above each setting's line, the comment lines up to a blank line or a section header are
 * the setting's description; a commented-out line shows the default.
 */
function rewriteEnvExample(text: string, settings: Map<string, DocumentedSetting>): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const match = ENV_LINE.exec(line);
    const setting = match && settings.get(match[2] ?? '');
    if (!setting) {
      out.push(line);
      continue;
    }
    while (out.length > 0 && isOwnedComment(out.at(-1) ?? '')) out.pop();
    out.push(...envComment(setting));
    out.push(match[1] ? `# ${setting.name}=${setting.value ?? ''}` : line);
  }
  return out.join('\n');
}

function envExampleNames(text: string, settings: Map<string, DocumentedSetting>): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((line) => ENV_LINE.exec(line)?.[2] ?? '')
      .filter((name) => settings.has(name)),
  );
}

/** The settings compose.yaml passes from .env (`${NAME…}`): exactly those .env.example lists. */
function coverageProblems(files: ConfigFiles, settings: Map<string, DocumentedSetting>): string[] {
  const passed = new Set(
    [...files.compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)]
      .map((m) => m[1] ?? '')
      .filter((name) => settings.has(name)),
  );
  const listed = envExampleNames(files.envExample, settings);
  return [
    ...[...passed]
      .filter((name) => !listed.has(name))
      .map((name) => `.env.example: ${name} is passed by compose.yaml but has no line here`),
    ...[...listed]
      .filter((name) => !passed.has(name))
      .map((name) => `.env.example: ${name} is listed but compose.yaml does not pass it`),
  ];
}

// Both files -----------------------------------------------------------------------------

export interface Generated {
  readme: string;
  envExample: string;
  /** What regenerating cannot fix (a missing marker is thrown instead). */
  problems: string[];
}

export async function generate(files: ConfigFiles): Promise<Generated> {
  const list = documentedSettings();
  const settings = new Map(list.map((s) => [s.name, s]));
  return {
    readme: replaceReadmeTable(files.readme, await readmeTable(list)),
    envExample: rewriteEnvExample(files.envExample, settings),
    problems: coverageProblems(files, settings),
  };
}

/** Each setting's row of README.md's table, by name. */
function readmeRows(readme: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const name = /^\| `([A-Z][A-Z0-9_]*)`/.exec(line)?.[1];
    if (name) rows.set(name, line);
  }
  return rows;
}

/** Each setting's comment and line in .env.example, by name. */
function envBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  let comment: string[] = [];
  for (const line of text.split('\n')) {
    const name = ENV_LINE.exec(line)?.[2];
    if (name) blocks.set(name, [...comment, line].join('\n'));
    comment = isOwnedComment(line) ? [...comment, line] : [];
  }
  return blocks;
}

/** The names whose part differs; when only the layout around them does, says so. */
function staleNames(actual: Map<string, string>, expected: Map<string, string>): string {
  const names = [...new Set([...expected.keys(), ...actual.keys()])].filter(
    (name) => actual.get(name) !== expected.get(name),
  );
  return names.length > 0 ? names.join(', ') : 'the text around the variables';
}

/** One line per problem; empty when README.md and .env.example are current. */
export async function check(files: ConfigFiles): Promise<string[]> {
  const generated = await generate(files);
  const problems = [...generated.problems];
  const stale = (file: string, names: string) =>
    problems.push(`${file} is out of date (${names}): run npm run config:docs`);
  if (generated.readme !== files.readme)
    stale('README.md', staleNames(readmeRows(files.readme), readmeRows(generated.readme)));
  if (generated.envExample !== files.envExample)
    stale('.env.example', staleNames(envBlocks(files.envExample), envBlocks(generated.envExample)));
  return problems;
}

async function main(checkOnly: boolean) {
  const read = (key: keyof ConfigFiles) => readFileSync(PATHS[key], 'utf8');
  const files = {
    readme: read('readme'),
    envExample: read('envExample'),
    compose: read('compose'),
  };
  if (checkOnly) {
    const problems = await check(files);
    for (const problem of problems) console.error(`config:docs: ${problem}`);
    if (problems.length > 0) process.exitCode = 1;
    return;
  }
  const generated = await generate(files);
  writeFileSync(PATHS.readme, generated.readme);
  writeFileSync(PATHS.envExample, generated.envExample);
  for (const problem of generated.problems) console.error(`config:docs: ${problem}`);
  if (generated.problems.length > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  await main(process.argv.includes('--check'));
