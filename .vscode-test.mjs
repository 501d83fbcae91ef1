// Used by `npm run test:electron` on machines with internet: @vscode/test-cli downloads VS Code and runs
// the same integration suite that `npm test` runs offline under code-server (test/runner/runIntegration.ts).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out/test/integration/**/*.test.js',
  version: '1.90.0',
  workspaceFolder: './test/fixtures/workspace',
  mocha: { ui: 'bdd', timeout: 20000 },
});
