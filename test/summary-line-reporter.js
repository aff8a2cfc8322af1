// Jest reporter: ends the run with the plain line 'tests: N passed, N failed, N skipped', which CI
// reads whatever the test runner.
export default class SummaryLineReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numFailedTestSuites } = results;
    const failed = numFailedTests + (numFailedTests === 0 ? numFailedTestSuites : 0);
    process.stdout.write(`tests: ${numPassedTests} passed, ${failed} failed, ${numPendingTests} skipped\n`);
  }
}
