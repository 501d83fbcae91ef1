/**
 * Comment syntax per language family: which tokens open line comments and block comments, and which quotes
 * open string literals (so a `// TODO` inside a string is not a TODO). Looked up by VS Code language id for
 * open documents and by file extension for files on disk (the workspace scan).
 */

/** A string literal rule. */
export interface StringRule {
  readonly open: string;
  readonly close: string;
  /** How a quote is escaped inside: a backslash, doubling the quote (SQL, VB), or not at all (shell '…'). */
  readonly escape: 'backslash' | 'double' | 'none';
  /** May span lines (template literals, Python triple quotes, Go raw strings). */
  readonly multiline?: boolean;
  /**
   * A character literal (C, Java, Rust…): one code point or one escape between the quotes. Anything else is
   * not a literal, so Rust lifetimes (`'a`) and Haskell primes (`foldl'`) are read as code.
   */
  readonly char?: boolean;
  /** Python: a triple-quoted string that is a statement on its own (first thing on its line) is a docstring. */
  readonly docstring?: boolean;
}

/** How comments and strings look in one language family. */
export interface CommentStyle {
  readonly id: string;
  readonly line: readonly string[];
  readonly block: ReadonlyArray<readonly [open: string, close: string]>;
  /** Block comments nest (Rust, Swift, Haskell, Kotlin). */
  readonly nested?: boolean;
  readonly strings: readonly StringRule[];
  /**
   * Line-comment openers count only after one of these characters (or at the start of a line): `a#b` is not a
   * comment in shell, `$#` is not one in Perl, and YAML needs a space before `#`.
   */
  readonly lineAfter?: RegExp;
  /** Line-comment openers count only as the first thing on a line (INI, Dockerfile). */
  readonly lineAtStart?: boolean;
  /** A character that escapes a line-comment opener (TeX's `\%`). */
  readonly lineEscape?: string;
}

const dq: StringRule = { open: '"', close: '"', escape: 'backslash' };
const sq: StringRule = { open: "'", close: "'", escape: 'backslash' };
const charLit: StringRule = { open: "'", close: "'", escape: 'backslash', char: true };
const backtick: StringRule = { open: '`', close: '`', escape: 'backslash', multiline: true };
const sqlSq: StringRule = { open: "'", close: "'", escape: 'double' };
const pyTripleDq: StringRule = { open: '"""', close: '"""', escape: 'backslash', multiline: true, docstring: true };
const pyTripleSq: StringRule = { open: "'''", close: "'''", escape: 'backslash', multiline: true, docstring: true };

const cBlock: ReadonlyArray<readonly [string, string]> = [['/*', '*/']];
const htmlBlock: ReadonlyArray<readonly [string, string]> = [['<!--', '-->']];
const SHELL_AFTER = /[\s;|&()]/;

function style(id: string, s: Omit<CommentStyle, 'id'>): CommentStyle {
  return { id, ...s };
}

/** The families. Exported for tests; look up with {@link styleForLanguageId} / {@link styleForPath}. */
export const STYLES = {
  c: style('c', { line: ['//'], block: cBlock, strings: [dq, charLit] }),
  js: style('js', { line: ['//'], block: cBlock, strings: [dq, sq, backtick] }),
  go: style('go', { line: ['//'], block: cBlock, strings: [dq, charLit, { open: '`', close: '`', escape: 'none', multiline: true }] }),
  rust: style('rust', { line: ['//'], block: cBlock, nested: true, strings: [dq, charLit] }),
  swift: style('swift', { line: ['//'], block: cBlock, nested: true, strings: [{ ...dq, open: '"""', close: '"""', multiline: true }, dq] }),
  kotlin: style('kotlin', { line: ['//'], block: cBlock, nested: true, strings: [{ ...dq, open: '"""', close: '"""', escape: 'none', multiline: true }, dq, charLit] }),
  csharp: style('csharp', { line: ['//'], block: cBlock, strings: [{ open: '@"', close: '"', escape: 'double', multiline: true }, dq, charLit] }),
  php: style('php', { line: ['//', '#'], block: cBlock, strings: [dq, sq] }),
  css: style('css', { line: [], block: cBlock, strings: [dq, sq] }),
  scss: style('scss', { line: ['//'], block: cBlock, strings: [dq, sq] }),
  python: style('python', { line: ['#'], block: [], strings: [pyTripleDq, pyTripleSq, dq, sq] }),
  ruby: style('ruby', { line: ['#'], block: [], strings: [dq, sq] }),
  shell: style('shell', { line: ['#'], block: [], strings: [dq, { ...sq, escape: 'none' }], lineAfter: SHELL_AFTER }),
  powershell: style('powershell', { line: ['#'], block: [['<#', '#>']], strings: [{ ...dq, escape: 'none' }, { ...sq, escape: 'double' }] }),
  perl: style('perl', { line: ['#'], block: [], strings: [dq, sq], lineAfter: /[^$]/ }),
  hash: style('hash', { line: ['#'], block: [], strings: [dq, sq] }),
  yaml: style('yaml', { line: ['#'], block: [], strings: [dq, { ...sq, escape: 'double' }], lineAfter: /\s/ }),
  toml: style('toml', { line: ['#'], block: [], strings: [{ ...dq, open: '"""', close: '"""', multiline: true }, { open: "'''", close: "'''", escape: 'none', multiline: true }, dq, { ...sq, escape: 'none' }] }),
  dockerfile: style('dockerfile', { line: ['#'], block: [], strings: [], lineAtStart: true }),
  makefile: style('makefile', { line: ['#'], block: [], strings: [] }),
  cmake: style('cmake', { line: ['#'], block: [['#[[', ']]']], strings: [dq] }),
  r: style('r', { line: ['#'], block: [], strings: [dq, sq] }),
  elixir: style('elixir', { line: ['#'], block: [], strings: [{ ...dq, open: '"""', close: '"""', multiline: true }, dq] }),
  sql: style('sql', { line: ['--'], block: cBlock, strings: [sqlSq, { open: '"', close: '"', escape: 'double' }] }),
  lua: style('lua', { line: ['--'], block: [['--[[', ']]']], strings: [{ open: '[[', close: ']]', escape: 'none', multiline: true }, dq, sq] }),
  haskell: style('haskell', { line: ['--'], block: [['{-', '-}']], nested: true, strings: [dq, charLit] }),
  ada: style('ada', { line: ['--'], block: [], strings: [{ open: '"', close: '"', escape: 'double' }] }),
  lisp: style('lisp', { line: [';'], block: [['#|', '|#']], strings: [dq] }),
  ini: style('ini', { line: [';', '#'], block: [], strings: [], lineAtStart: true }),
  asm: style('asm', { line: [';'], block: [], strings: [dq] }),
  html: style('html', { line: [], block: htmlBlock, strings: [] }),
  // Vue/Svelte single-file components mix markup and script; quotes are not tracked because markup prose has apostrophes.
  component: style('component', { line: ['//'], block: [...htmlBlock, ...cBlock], strings: [] }),
  erlang: style('erlang', { line: ['%'], block: [], strings: [dq] }),
  matlab: style('matlab', { line: ['%'], block: [['%{', '%}']], strings: [dq, sq] }),
  tex: style('tex', { line: ['%'], block: [], strings: [], lineEscape: '\\' }),
  vb: style('vb', { line: ["'"], block: [], strings: [{ open: '"', close: '"', escape: 'double' }] }),
  fortran: style('fortran', { line: ['!'], block: [], strings: [dq, sq] }),
  ocaml: style('ocaml', { line: [], block: [['(*', '*)']], nested: true, strings: [dq] }),
} as const satisfies Record<string, CommentStyle>;

export type StyleId = keyof typeof STYLES;

const BY_LANGUAGE_ID: Record<string, StyleId> = {
  c: 'c', cpp: 'c', 'cuda-cpp': 'c', objectivec: 'c', 'objective-cpp': 'c', java: 'c', groovy: 'c', dart: 'js', proto: 'c', proto3: 'c', hlsl: 'c', glsl: 'c', solidity: 'c', zig: 'c',
  javascript: 'js', javascriptreact: 'js', typescript: 'js', typescriptreact: 'js', jsonc: 'js', json5: 'js', scala: 'kotlin',
  go: 'go', rust: 'rust', swift: 'swift', kotlin: 'kotlin', csharp: 'csharp', fsharp: 'ocaml', php: 'php',
  css: 'css', scss: 'scss', less: 'scss', stylus: 'scss',
  python: 'python', ruby: 'ruby', shellscript: 'shell', powershell: 'powershell', perl: 'perl', perl6: 'perl', raku: 'perl',
  coffeescript: 'hash', nim: 'hash', crystal: 'ruby', graphql: 'hash', julia: 'hash', tcl: 'hash', properties: 'ini', gitignore: 'hash', 'ignore': 'hash',
  yaml: 'yaml', toml: 'toml', dockerfile: 'dockerfile', makefile: 'makefile', cmake: 'cmake', r: 'r', elixir: 'elixir', terraform: 'hash', hcl: 'hash',
  sql: 'sql', plsql: 'sql', lua: 'lua', haskell: 'haskell', elm: 'haskell', purescript: 'haskell', ada: 'ada', vhdl: 'ada',
  clojure: 'lisp', lisp: 'lisp', scheme: 'lisp', racket: 'lisp', ini: 'ini', asm: 'asm', 'asm-intel-x86-generic': 'asm', nasm: 'asm',
  html: 'html', xml: 'html', xsl: 'html', markdown: 'html', svg: 'html', razor: 'html', vue: 'component', svelte: 'component', astro: 'component',
  erlang: 'erlang', matlab: 'matlab', latex: 'tex', tex: 'tex', bibtex: 'tex', vb: 'vb', fortran: 'fortran', 'fortran-modern': 'fortran', ocaml: 'ocaml',
};

const BY_EXTENSION: Record<string, StyleId> = {
  c: 'c', h: 'c', cc: 'c', cpp: 'c', cxx: 'c', hpp: 'c', hh: 'c', hxx: 'c', cu: 'c', m: 'c', mm: 'c', java: 'c', groovy: 'c', gradle: 'c', dart: 'js', proto: 'c', sol: 'c', zig: 'c', glsl: 'c', hlsl: 'c',
  js: 'js', jsx: 'js', mjs: 'js', cjs: 'js', ts: 'js', tsx: 'js', mts: 'js', cts: 'js', jsonc: 'js', json5: 'js', scala: 'kotlin', sc: 'kotlin',
  go: 'go', rs: 'rust', swift: 'swift', kt: 'kotlin', kts: 'kotlin', cs: 'csharp', fs: 'ocaml', fsx: 'ocaml', php: 'php',
  css: 'css', scss: 'scss', less: 'scss', styl: 'scss',
  py: 'python', pyi: 'python', pyw: 'python', rb: 'ruby', rake: 'ruby', gemspec: 'ruby', cr: 'ruby', sh: 'shell', bash: 'shell', zsh: 'shell', fish: 'shell', ksh: 'shell',
  ps1: 'powershell', psm1: 'powershell', psd1: 'powershell', pl: 'perl', pm: 'perl', t: 'perl', raku: 'perl',
  coffee: 'hash', nim: 'hash', graphql: 'hash', gql: 'hash', jl: 'hash', tcl: 'hash', tf: 'hash', hcl: 'hash', properties: 'ini',
  yaml: 'yaml', yml: 'yaml', toml: 'toml', dockerfile: 'dockerfile', mk: 'makefile', cmake: 'cmake', r: 'r', ex: 'elixir', exs: 'elixir',
  sql: 'sql', lua: 'lua', hs: 'haskell', lhs: 'haskell', elm: 'haskell', purs: 'haskell', adb: 'ada', ads: 'ada', vhd: 'ada', vhdl: 'ada',
  clj: 'lisp', cljs: 'lisp', cljc: 'lisp', edn: 'lisp', lisp: 'lisp', el: 'lisp', scm: 'lisp', rkt: 'lisp', ini: 'ini', cfg: 'ini', conf: 'hash', asm: 'asm', s: 'asm', nasm: 'asm',
  html: 'html', htm: 'html', xhtml: 'html', xml: 'html', xsl: 'html', xslt: 'html', xaml: 'html', svg: 'html', md: 'html', markdown: 'html', cshtml: 'html', razor: 'html',
  vue: 'component', svelte: 'component', astro: 'component',
  erl: 'erlang', hrl: 'erlang', tex: 'tex', sty: 'tex', cls: 'tex', bib: 'tex', vb: 'vb', vbs: 'vb', bas: 'vb', f90: 'fortran', f95: 'fortran', f03: 'fortran', ml: 'ocaml', mli: 'ocaml',
};

/** File names without a telling extension. */
const BY_FILE_NAME: Record<string, StyleId> = {
  dockerfile: 'dockerfile', containerfile: 'dockerfile', makefile: 'makefile', gnumakefile: 'makefile', 'cmakelists.txt': 'cmake',
  rakefile: 'ruby', gemfile: 'ruby', podfile: 'ruby', vagrantfile: 'ruby', '.gitignore': 'hash', '.dockerignore': 'hash', '.editorconfig': 'ini',
  '.bashrc': 'shell', '.zshrc': 'shell', '.profile': 'shell', '.env': 'hash', 'jenkinsfile': 'c',
};

export function styleForLanguageId(languageId: string): CommentStyle | undefined {
  const id = BY_LANGUAGE_ID[languageId];
  return id ? STYLES[id] : undefined;
}

/** By file name, then extension (`Dockerfile.dev` and `foo.Dockerfile` are Dockerfiles). */
export function styleForPath(filePath: string): CommentStyle | undefined {
  const base = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1).toLowerCase();
  const byName = BY_FILE_NAME[base];
  if (byName) return STYLES[byName];
  if (base.startsWith('dockerfile.')) return STYLES.dockerfile;
  const dot = base.lastIndexOf('.');
  if (dot < 0) return undefined;
  const id = BY_EXTENSION[base.slice(dot + 1)];
  return id ? STYLES[id] : undefined;
}
