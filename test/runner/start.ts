import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { CACHE_DIR, CODE_SERVER_VERSION, REPO_ROOT, freePort, startCodeServer, type RunningCodeServer } from './codeServer';

/**
 * `npm start`: the one-command demo. Starts the local DingTalk sandbox (demo organisation) and code-server with
 * the packaged .vsix, its endpoints pointed at the sandbox and the demo destinations imported, on a small demo
 * workspace (a git repository, so permalinks show). Prints the two URLs, runs until Ctrl-C, then stops what it
 * started and exits 0.
 *
 * Usage: node out/test/runner/start.js [--port N] [--sandbox-port N] [--state-dir DIR]
 *   --port / DINGTALK_DEMO_PORT             code-server's port (default: last run's if still free, else a free one)
 *   --sandbox-port / DINGTALK_SANDBOX_PORT  the sandbox's port (default: last run's if still free, else a free one)
 *   --state-dir / DINGTALK_DEMO_STATE_DIR   where the user data, extensions and workspace persist (default .vscode-test)
 * Why keep the ports: code-server keeps extension state and SecretStorage in the browser, per origin (port), and the
 * imported demo webhooks name the sandbox's port; the same ports make the demo's destinations survive a restart.
 * Everything binds to 127.0.0.1. Besides the human lines, stdout gets one JSON line once ready:
 * {"demo":"ready","vscodeUrl":…,"sandboxUrl":…,"vscodePort":…,"sandboxPort":…,"workspace":…,"userDataDir":…}
 */

const VSIX = path.join(REPO_ROOT, 'dist', 'vscode-dingtalk.vsix');
const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'demo-workspace');
const ORIGIN = 'git@github.com:dingtalk-demo/shop-service.git';

interface Options {
  readonly port?: number;
  readonly sandboxPort?: number;
  readonly stateDir: string;
}

function say(line: string): void {
  process.stdout.write(`[demo] ${line}\n`);
}

function portValue(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${what} must be a port number (0–65535), got "${value}"`);
  return port || undefined;
}

function parseArgs(argv: string[]): Options {
  let port = portValue(process.env.DINGTALK_DEMO_PORT, 'DINGTALK_DEMO_PORT');
  let sandboxPort = portValue(process.env.DINGTALK_SANDBOX_PORT, 'DINGTALK_SANDBOX_PORT');
  let stateDir = process.env.DINGTALK_DEMO_STATE_DIR || CACHE_DIR;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') port = portValue(value(), '--port');
    else if (flag === '--sandbox-port') sandboxPort = portValue(value(), '--sandbox-port');
    else if (flag === '--state-dir') stateDir = value();
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: npm start [-- --port N] [--sandbox-port N] [--state-dir DIR]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]} (try --help)`);
  }
  return { port, sandboxPort, stateDir: path.resolve(stateDir) };
}

/** Every file of the fixture, relative, sorted: what the workspace is made of (and hashed to notice changes). */
function fixtureFiles(dir = FIXTURE, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? fixtureFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

/** `wanted` when given; else last run's port when it is free again; else any free port. */
async function choosePort(wanted: number | undefined, last: unknown): Promise<number> {
  if (wanted) return wanted;
  if (typeof last === 'number' && Number.isInteger(last) && last > 0) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once('error', () => resolve(false));
      probe.listen(last, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return last;
  }
  return freePort();
}

function git(cwd: string, ...args: string[]): void {
  const fixed = { GIT_AUTHOR_DATE: '2026-11-02T10:00:00+08:00', GIT_COMMITTER_DATE: '2026-11-02T10:00:00+08:00' };
  const res = spawnSync('git', ['-c', 'user.name=Alice Chen', '-c', 'user.email=alice.chen@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: { ...process.env, ...fixed },
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`git ${args[0]} failed: ${res.error?.message ?? res.stderr}`);
}

/**
 * The demo workspace: a copy of test/fixtures/demo-workspace made a git repository with one commit and an origin
 * on github.com. Kept across runs (so edits and workspace settings survive); made again when the fixture changed.
 */
function prepareWorkspace(dir: string): void {
  const files = fixtureFiles();
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(fs.readFileSync(path.join(FIXTURE, f)));
  const stamp = hash.digest('hex');
  const stampFile = path.join(dir, '.git', 'dingtalk-demo-fixture');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(FIXTURE, tmp, { recursive: true });
  try {
    git(tmp, 'init', '--quiet', '--initial-branch=main');
    git(tmp, 'remote', 'add', 'origin', ORIGIN);
    git(tmp, 'add', '--all');
    git(tmp, 'commit', '--quiet', '-m', 'shop-service: cart, inventory, server and orders');
    fs.writeFileSync(path.join(tmp, '.git', 'dingtalk-demo-fixture'), stamp);
  } catch (err) {
    fs.rmSync(path.join(tmp, '.git'), { recursive: true, force: true });
    say(`warning: ${(err as Error).message.trim()} — the demo workspace is not a git repository, so messages carry no permalink (install git to get them)`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
}

async function start(opts: Options, cleanups: Array<() => Promise<unknown>>): Promise<{ sandbox: Sandbox; server: RunningCodeServer; workspace: string }> {
  if (!fs.existsSync(VSIX)) throw new Error(`${path.relative(REPO_ROOT, VSIX)} is missing: run \`npm start\` (it packages first) or \`npm run package\`.`);

  fs.mkdirSync(opts.stateDir, { recursive: true });
  const portsFile = path.join(opts.stateDir, 'demo-ports.json');
  const last = ((): { vscode?: unknown; sandbox?: unknown } => {
    try {
      return JSON.parse(fs.readFileSync(portsFile, 'utf8'));
    } catch {
      return {};
    }
  })();
  const sandboxPort = await choosePort(opts.sandboxPort, last.sandbox);

  say('starting the DingTalk sandbox…');
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port: sandboxPort,
      host: '127.0.0.1',
      // One line per DingTalk API call, not the page's own traffic.
      log: (line) => {
        if (!/^\w+ \/(__sandbox\/|favicon|\s)/.test(line)) process.stderr.write(`[sandbox] ${line}\n`);
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`sandbox port ${sandboxPort} is in use: choose another with --sandbox-port or DINGTALK_SANDBOX_PORT.`);
    throw err;
  }
  cleanups.push(() => sandbox.close());
  const { demo } = sandbox;
  say(`sandbox ready on ${sandbox.baseUrl}: ${demo.groups.length} groups (${demo.groups.map((g) => g.title).join(', ')}), ${demo.customRobots.length} custom robots, ${demo.users.length} users`);

  // The extension imports the demo destinations from this file (the line `npm run sandbox` prints).
  const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-demo-'));
  cleanups.push(async () => fs.rmSync(demoDir, { recursive: true, force: true }));
  const demoFile = path.join(demoDir, 'sandbox.json');
  fs.writeFileSync(demoFile, `${JSON.stringify({ sandbox: 'ready', baseUrl: sandbox.baseUrl, pageUrl: sandbox.pageUrl, demo })}\n`, { mode: 0o600 });

  const workspace = path.join(opts.stateDir, 'demo-workspace');
  prepareWorkspace(workspace);
  say(`workspace ${workspace} (git, origin ${ORIGIN})`);

  const userDataDir = path.join(opts.stateDir, 'demo-user-data');
  const provisioned = fs.existsSync(path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`, '.provisioned'));
  say(`starting VS Code (code-server ${CODE_SERVER_VERSION}) with ${path.relative(REPO_ROOT, VSIX)}${provisioned ? '…' : ' — first installing code-server into .vscode-test (once; a minute or two)…'}`);
  const started = Date.now();
  const server = await startCodeServer({
    workspace,
    port: await choosePort(opts.port, last.vscode),
    install: [VSIX],
    userDataDir,
    extensionsDir: path.join(opts.stateDir, 'demo-extensions'),
    // Machine-scoped settings live in <user-data>/Machine/settings.json in code-server (it overrides User/).
    machineSettings: { 'dingtalk.network.oapiBaseUrl': sandbox.baseUrl, 'dingtalk.network.apiBaseUrl': sandbox.baseUrl },
    env: { DINGTALK_SANDBOX_DEMO: demoFile },
  }).catch((err: Error) => {
    throw opts.port && /EADDRINUSE/.test(err.message) ? new Error(`port ${opts.port} is in use: choose another with --port or DINGTALK_DEMO_PORT.`) : err;
  });
  cleanups.push(() => server.stop());
  fs.writeFileSync(portsFile, `${JSON.stringify({ vscode: server.port, sandbox: Number(new URL(sandbox.baseUrl).port) })}\n`);
  say(`VS Code ready in ${((Date.now() - started) / 1000).toFixed(1)} s (user data: ${userDataDir})`);
  return { sandbox, server, workspace };
}

function main(): void {
  let opts: Options;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`npm start: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const cleanups: Array<() => Promise<unknown>> = [];
  let stopping = false;
  const startup = start(opts, cleanups);
  const shutdown = async (code: number): Promise<never> => {
    stopping = true;
    await startup.catch(() => undefined); // so whatever startup is still starting gets stopped too
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    process.exit(code);
  };
  // A closed stdout (the terminal or a pipe went away) must not kill us before we stop what we started.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      say(`${signal}: stopping VS Code and the sandbox…`);
      void shutdown(0);
    });
  }
  startup.then(
    ({ sandbox, server, workspace }) => {
      if (stopping) return;
      const vscodeUrl = server.workbenchUrl();
      process.stdout.write(
        [
          '',
          '  DingTalk for VS Code — the demo is running',
          '',
          `  VS Code in your browser:   ${vscodeUrl}`,
          `  DingTalk sandbox (chat):   ${sandbox.pageUrl}`,
          '',
          '  Select some code, right-click → "Send Selection to DingTalk", press Enter: the message shows on the sandbox page.',
          `  The demo groups (${sandbox.demo.groups.map((g) => g.title).join(', ')}) are added as destinations when the extension starts.`,
          '  Press Ctrl-C to stop.',
          '',
          '',
        ].join('\n'),
      );
      process.stdout.write(
        `${JSON.stringify({ demo: 'ready', vscodeUrl, sandboxUrl: sandbox.pageUrl, vscodePort: server.port, sandboxPort: Number(new URL(sandbox.baseUrl).port), workspace, userDataDir: server.userDataDir })}\n`,
      );
    },
    (err: Error) => {
      process.stderr.write(`npm start: ${err.message}\n`);
      void shutdown(1);
    },
  );
}

main();
