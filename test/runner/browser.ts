import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BrowserContext } from 'playwright-core';

/**
 * Finds a Chromium to drive, in this order: $CHROME_PATH, Debian's `chromium` package, then the npm package
 * `@sparticuz/chromium` (which ships the binary inside the package). Never downloads anything.
 * Throws with the fix when none is found.
 */
export async function findChromium(): Promise<string> {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (fs.existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, but no file is there. Fix CHROME_PATH or unset it.`);
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sparticuz = require('@sparticuz/chromium');
    const mod = sparticuz.default ?? sparticuz;
    return await mod.executablePath();
  } catch {
    // fall through to the error below
  }
  throw new Error(
    'No Chromium found. Install one of: Debian\'s package (`apt-get install -y chromium`), ' +
      'or `npm install --no-save @sparticuz/chromium`, or set CHROME_PATH to a Chromium/Chrome binary.',
  );
}

/** Arguments that keep Chromium quiet on a machine with no internet (no background networking). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches a headless Chromium with a fresh, throw-away profile. */
export async function launchBrowser(opts: { viewport?: { width: number; height: number } } = {}): Promise<{
  context: BrowserContext;
  close: () => Promise<void>;
}> {
  const { chromium } = await import('playwright-core');
  const executablePath = await findChromium();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
