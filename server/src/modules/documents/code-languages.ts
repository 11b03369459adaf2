// Which programming language a source file is in: by its file name's extension (or the name
// itself: Dockerfile, Makefile), else by a `#!` line. Used to tell source code from plain text
// (sniff.ts) and to head its section (extract-code.ts).

const BY_EXTENSION: Record<string, string> = {
  ts: 'TypeScript',
  tsx: 'TypeScript',
  mts: 'TypeScript',
  cts: 'TypeScript',
  js: 'JavaScript',
  jsx: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
  py: 'Python',
  rb: 'Ruby',
  go: 'Go',
  rs: 'Rust',
  java: 'Java',
  kt: 'Kotlin',
  kts: 'Kotlin',
  scala: 'Scala',
  groovy: 'Groovy',
  gradle: 'Groovy',
  c: 'C',
  h: 'C',
  cc: 'C++',
  cpp: 'C++',
  cxx: 'C++',
  hpp: 'C++',
  hh: 'C++',
  cs: 'C#',
  fs: 'F#',
  swift: 'Swift',
  m: 'Objective-C',
  mm: 'Objective-C++',
  php: 'PHP',
  pl: 'Perl',
  pm: 'Perl',
  lua: 'Lua',
  r: 'R',
  jl: 'Julia',
  dart: 'Dart',
  ex: 'Elixir',
  exs: 'Elixir',
  erl: 'Erlang',
  hs: 'Haskell',
  ml: 'OCaml',
  clj: 'Clojure',
  lisp: 'Lisp',
  el: 'Emacs Lisp',
  zig: 'Zig',
  nim: 'Nim',
  sh: 'Shell',
  bash: 'Shell',
  zsh: 'Shell',
  fish: 'Shell',
  ps1: 'PowerShell',
  bat: 'Batch',
  sql: 'SQL',
  css: 'CSS',
  scss: 'SCSS',
  less: 'Less',
  vue: 'Vue',
  svelte: 'Svelte',
  proto: 'Protocol Buffers',
  graphql: 'GraphQL',
  tf: 'Terraform',
  yaml: 'YAML',
  yml: 'YAML',
  toml: 'TOML',
  ini: 'INI',
  json: 'JSON',
};

const BY_NAME: Record<string, string> = {
  dockerfile: 'Dockerfile',
  containerfile: 'Dockerfile',
  makefile: 'Makefile',
  gnumakefile: 'Makefile',
  rakefile: 'Ruby',
  gemfile: 'Ruby',
  jenkinsfile: 'Groovy',
};

const BY_INTERPRETER: Record<string, string> = {
  sh: 'Shell',
  bash: 'Shell',
  zsh: 'Shell',
  dash: 'Shell',
  python: 'Python',
  node: 'JavaScript',
  deno: 'TypeScript',
  ruby: 'Ruby',
  perl: 'Perl',
  php: 'PHP',
  lua: 'Lua',
  Rscript: 'R',
};

/** The path's (or URL's) last segment. */
export const baseName = (fileName: string) =>
  fileName
    .trim()
    .replace(/[?#].*$/, '')
    .split(/[/\\]/)
    .pop() ?? '';

function byFileName(fileName: string): string | undefined {
  const name = baseName(fileName);
  const byName = BY_NAME[name.toLowerCase()];
  if (byName) return byName;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? BY_EXTENSION[name.slice(dot + 1).toLowerCase()] : undefined;
}

/** `#!/usr/bin/env python3 -u` → Python. */
function byShebang(text: string): string | undefined {
  const match = /^#![ \t]*(\S+)(?:[ \t]+(\S+))?/.exec(text);
  if (!match?.[1]) return undefined;
  const program = baseName(match[1]) === 'env' && match[2] ? match[2] : baseName(match[1]);
  return BY_INTERPRETER[program.replace(/[\d.]+$/, '')];
}

/** The language of a source file, or undefined when it is not one we know as code. */
export function languageOf(fileName: string | undefined, text: string): string | undefined {
  return (fileName ? byFileName(fileName) : undefined) ?? byShebang(text);
}
