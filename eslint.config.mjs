// @ts-check
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'http', 'https', 'child_process', 'crypto', 'net', 'url', 'stream', 'zlib', 'events', 'util'];
const noVscode = { name: 'vscode', message: 'src/core, src/shared and src/webview must not import vscode: keep logic testable under plain Node.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'esbuild.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'CallExpression[callee.object.name="console"][callee.property.name="log"]', message: 'Use the logger (src/host/logger.ts).' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    // Shared and webview code runs in the browser too: no vscode, no Node built-ins.
    files: ['src/shared/**/*.ts', 'src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode, ...nodeBuiltins.map((name) => ({ name, message: 'Browser code cannot use Node built-ins.' }))],
        patterns: [{ group: ['node:*'], message: 'Browser code cannot use Node built-ins.' }],
      }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }] },
  },
);
