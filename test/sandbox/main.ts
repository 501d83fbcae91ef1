import { startSandbox } from './server';

/**
 * `npm run sandbox` → `node out/test/sandbox/main.js [--port N] [--seed FILE]`.
 * Prints exactly one JSON line to stdout once listening (tools parse it), then logs to stderr only.
 */
function parseArgs(argv: string[]): { port?: number; seedFile?: string } {
  const out: { port?: number; seedFile?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be an integer 0..65535');
      out.port = port;
    } else if (flag === '--seed') {
      out.seedFile = value();
    } else if (flag === '--help' || flag === '-h') {
      process.stderr.write('usage: node out/test/sandbox/main.js [--port N] [--seed FILE]\n');
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sandbox = await startSandbox({ ...args, log: (line) => process.stderr.write(`[sandbox] ${line}\n`) });
  console.log(JSON.stringify({ sandbox: 'ready', baseUrl: sandbox.baseUrl, pageUrl: sandbox.pageUrl, demo: sandbox.demo }));
  process.stderr.write(`[sandbox] DingTalk sandbox listening on ${sandbox.baseUrl} — open ${sandbox.pageUrl}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[sandbox] ${signal}: shutting down\n`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`[sandbox] failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
