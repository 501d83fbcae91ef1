import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha = require('mocha');

/**
 * Entry point VS Code calls inside the extension host (`extensionTestsPath`): runs every
 * `*.test.js` beside this file with mocha, against the real `vscode` API.
 */
/** Marks mocha's lines so the runner can tell them from the workbench's own log (it strips the tag). */
export const TEST_OUTPUT_TAG = '[dt-test] ';

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

export function run(): Promise<void> {
  // The extension host forwards console lines unformatted; format them here so mocha's output reads well.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(`${TEST_OUTPUT_TAG}${util.format(...args)}`);
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 30_000,
    color: false,
    reporter: path.join(__dirname, '..', 'runner', 'resultsReporter.js'),
    grep: process.env.DT_TEST_GREP || undefined,
  });
  for (const file of findTests(__dirname).sort()) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
