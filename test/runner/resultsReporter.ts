import Mocha = require('mocha');
import { writeResultsAtomically } from './tierResults';

/**
 * A mocha reporter that prints like `spec` and, when DT_RESULTS_FILE is set, writes the counts and failures
 * to that file atomically (write .tmp, rename) so the tier runner can total them. Used in plain Node and
 * inside the VS Code extension host alike.
 */
class ResultsReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const started = Date.now();
    const failures: Array<{ title: string; error: string }> = [];
    let passed = 0;
    let pending = 0;
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => passed++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, () => pending++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => {
      failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err).slice(0, 4000) });
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.DT_RESULTS_FILE;
      if (file) writeResultsAtomically(file, { passed, failed: failures.length, pending, durationMs: Date.now() - started, failures });
    });
  }
}

export = ResultsReporter;
