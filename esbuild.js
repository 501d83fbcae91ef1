// Builds both bundles from one script: the extension (Node, CommonJS, `vscode` external) and the
// whiteboard webview (browser, IIFE). Type-checking is separate (`npm run typecheck`).
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the format VS Code's `$esbuild-watch` problem matcher understands. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  // In watch mode the plugin reports errors for VS Code's problem matcher; otherwise esbuild prints them.
  logLevel: watch ? 'silent' : 'warning',
  legalComments: 'none',
  plugins: watch ? [problemMatcherPlugin] : [],
};

async function main() {
  const contexts = await Promise.all([
    esbuild.context({
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
    }),
    esbuild.context({
      ...common,
      entryPoints: ['src/webview/main.ts'],
      outfile: 'dist/webview.js',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      tsconfig: 'src/webview/tsconfig.json',
    }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (results.some((r) => r.errors.length > 0)) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
