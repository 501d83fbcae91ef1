import * as fs from 'fs';
import * as path from 'path';

/** What each test tier reports, totalled by runAll into the closing `N passed, N failed` line. */
export interface TierResults {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly durationMs: number;
  readonly failures: ReadonlyArray<{ readonly title: string; readonly error: string }>;
}

export function writeResultsAtomically(file: string, results: TierResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

