import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/**
 * Runs a real VS Code offline: code-server (VS Code's own server and Node extension host), provisioned from
 * the npm registry into a git-ignored cache folder on first use, the way @vscode/test-electron uses
 * `.vscode-test/`. See ../shared/docs/vscode-offline-testing.md for why each step is there.
 */

export const CODE_SERVER_VERSION = '4.100.3'; // = VS Code 1.100.3; later versions need Node 22+
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CACHE_DIR = path.join(REPO_ROOT, '.vscode-test');
const INSTALL_DIR = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
const MARKER = path.join(INSTALL_DIR, '.provisioned');

/** Built-in extensions to load: themes, git (for permalinks) and the grammars of the demo languages. */
const BUILTINS = [
  'theme-defaults', 'theme-seti', 'git', 'git-base', 'json', 'markdown-basics', 'typescript-basics', 'javascript',
  'python', 'go', 'java', 'rust', 'cpp', 'shellscript', 'yaml', 'sql', 'css', 'html', 'xml', 'ini', 'configuration-editing',
];

function log(message: string): void {
  process.stderr.write(`[code-server] ${message}\n`);
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const res = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 10 * 60_000 });
  if (res.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed in ${cwd} (exit ${res.status}):\n${(res.stderr || res.stdout || '').slice(-3000)}`);
  }
}

function nodeHeadersDir(): string | undefined {
  const fromEnv = process.env.npm_config_nodedir;
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'include', 'node', 'node_api.h'))) return fromEnv;
  try {
    const configured = execFileSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (configured && configured !== 'undefined' && fs.existsSync(path.join(configured, 'include', 'node'))) return configured;
  } catch {
    // npm missing from PATH: fall through
  }
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

/** The node-gyp that ships inside npm (so no download and no extra install). */
function npmNodeGyp(): string {
  const globalRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const candidates = [
    path.join(globalRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`node-gyp not found (looked in ${candidates.join(', ')}). Install it with \`npm install -g node-gyp\`.`);
  return found;
}

/** Installs code-server into the cache once; later calls return at once. Throws with the fix on failure. */
export function provisionCodeServer(): string {
  if (fs.existsSync(MARKER)) return INSTALL_DIR;
  const started = Date.now();
  log(`provisioning code-server ${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, INSTALL_DIR)} (first run only)…`);
  const tmp = `${INSTALL_DIR}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));
  const npmArgs = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  try {
    run('npm', ['install', ...npmArgs, `code-server@${CODE_SERVER_VERSION}`], tmp);
    // What code-server's postinstall does, minus the parts that download or need libkrb5/libsecret.
    const vs = path.join(tmp, 'node_modules', 'code-server', 'lib', 'vscode');
    run('npm', ['install', ...npmArgs, '--omit=dev'], vs);
    run('npm', ['install', ...npmArgs, '--omit=dev'], path.join(vs, 'extensions'));
    run(process.execPath, ['postinstall.mjs'], path.join(vs, 'extensions'));
    fs.symlinkSync('node_modules', path.join(vs, 'node_modules.asar'));
    // argon2 is required at start-up (for password auth, which we do not use); build it from source.
    const headers = nodeHeadersDir();
    if (!headers) {
      throw new Error('Node.js headers not found (needed to build argon2). Install them (Debian: `apt-get install -y nodejs` from the same source as node, or libnode-dev) or set npm_config_nodedir.');
    }
    run(process.execPath, [path.join(tmp, 'node_modules', '.bin', 'node-pre-gyp'), 'rebuild'], path.join(tmp, 'node_modules', 'argon2'), {
      ...process.env,
      npm_config_nodedir: headers,
    });
    // spdlog writes VS Code's log files, which is where a LogOutputChannel's lines are read from: without it
    // the Output view stays empty. It has no prebuilt binary, so build it with npm's own node-gyp.
    run(process.execPath, [npmNodeGyp(), 'rebuild'], path.join(vs, 'node_modules', '@vscode', 'spdlog'), {
      ...process.env,
      npm_config_nodedir: headers,
    });
    // ripgrep powers search and findFiles; without it the workbench starts but cannot search.
    const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
    if (rg) {
      const binDir = path.join(vs, 'node_modules', '@vscode', 'ripgrep', 'bin');
      fs.mkdirSync(binDir, { recursive: true });
      fs.copyFileSync(rg, path.join(binDir, 'rg'));
      fs.chmodSync(path.join(binDir, 'rg'), 0o755);
    } else {
      log('warning: `rg` (ripgrep) not found: VS Code search will not work in tests. Install it with `apt-get install -y ripgrep`.');
    }
    fs.writeFileSync(path.join(tmp, '.provisioned'), `${CODE_SERVER_VERSION}\n`);
    fs.rmSync(INSTALL_DIR, { recursive: true, force: true });
    fs.renameSync(tmp, INSTALL_DIR);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`Could not provision code-server ${CODE_SERVER_VERSION}: ${(err as Error).message}\nFix the cause above and run again; delete ${CACHE_DIR} to start over.`);
  }
  log(`provisioned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return INSTALL_DIR;
}

function builtinsDir(installDir: string): string {
  const dir = path.join(CACHE_DIR, `builtin-min-${CODE_SERVER_VERSION}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const all = path.join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions');
  for (const name of BUILTINS) {
    if (fs.existsSync(path.join(all, name))) fs.symlinkSync(path.join(all, name), path.join(dir, name));
  }
  fs.writeFileSync(path.join(dir, '.complete'), '');
  return dir;
}

/** Reads a settings file that a person may have edited (comments, trailing commas); {} when absent or unreadable. */
function readJsonc(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  const text = fs.readFileSync(file, 'utf8')
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
  try {
    return JSON.parse(text || '{}') as Record<string, unknown>;
  } catch {
    process.stderr.write(`[code-server] warning: ${file} is not valid JSON; starting from empty settings\n`);
    return {};
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  /** Folder to open. */
  readonly workspace: string;
  /** Extra environment for the server and so for the extension host (result paths, sandbox URLs…). */
  readonly env?: Record<string, string>;
  /** User settings written to the profile before start. */
  readonly userSettings?: Record<string, unknown>;
  /**
   * Machine settings (`<user-data>/Machine/settings.json`, replaced before start). This is the layer where code-server
   * keeps machine-scoped settings; it overrides User/settings.json for them.
   */
  readonly machineSettings?: Record<string, unknown>;
  /** Port to listen on (127.0.0.1); a free one when omitted. */
  readonly port?: number;
  /** .vsix files or unpacked extension folders to install into the (fresh) extensions dir. */
  readonly install?: readonly string[];
  /** Reuse this user-data dir (to keep SecretStorage/state across restarts); a fresh one otherwise. */
  readonly userDataDir?: string;
  readonly extensionsDir?: string;
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly process: ChildProcess;
  /** The URL that opens `workspace`, optionally with a `?payload=` for development/test extensions. */
  workbenchUrl(payload?: ReadonlyArray<readonly [string, string]>): string;
  /** A `vscode-remote://` URI for a path on this machine, as the payload needs. */
  remoteUri(p: string): string;
  stop(): Promise<void>;
}

const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'typescript.tsserver.enabled': false,
  'window.restoreWindows': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Starts code-server on 127.0.0.1 and a free port; resolves when /healthz answers. */
export async function startCodeServer(opts: CodeServerOptions): Promise<RunningCodeServer> {
  const installDir = provisionCodeServer();
  const entry = path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const port = opts.port || (await freePort());
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-cs-'));
  const userDataDir = opts.userDataDir ?? path.join(base, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(base, 'extensions');
  const config = path.join(base, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const existing = readJsonc(settingsFile);
  fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...existing, ...opts.userSettings }, null, 2));
  if (opts.machineSettings) {
    fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(opts.machineSettings, null, 2));
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    EXTENSIONS_GALLERY: '{}',
    CODE_SERVER_CONFIG: config,
    // Keep the host from inheriting a parent VS Code's IPC hooks.
    VSCODE_IPC_HOOK_CLI: '',
  };
  const common = [entry, '--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const ext of opts.install ?? []) {
    if (fs.statSync(ext).isDirectory()) {
      fs.cpSync(ext, path.join(extensionsDir, path.basename(ext)), { recursive: true });
    } else {
      run(process.execPath, [...common, '--install-extension', ext, '--force'], REPO_ROOT, env);
    }
  }
  const child = spawn(
    process.execPath,
    [
      ...common,
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--disable-file-downloads', '--disable-proxy', '--ignore-last-opened',
      '--builtin-extensions-dir', builtinsDir(installDir),
      opts.workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const capture = (b: Buffer): void => {
    output = (output + b.toString()).slice(-20_000);
    if (process.env.DT_TEST_VERBOSE) process.stderr.write(b);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const url = `http://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM'); // the whole process group we started, nothing else
    } catch {
      return;
    }
    const timer = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
    await Promise.race([exited, timer]);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    fs.rmSync(base, { recursive: true, force: true }); // a userDataDir passed in lives elsewhere and is kept
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (code ${child.exitCode}) before it was ready:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const remoteUri = (p: string): string => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    process: child,
    remoteUri,
    workbenchUrl(payload) {
      const q = new URLSearchParams({ folder: path.resolve(opts.workspace) });
      if (payload) q.set('payload', JSON.stringify(payload));
      return `${url}/?${q.toString()}`;
    },
    stop,
  };
}
