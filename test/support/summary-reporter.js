// Prints one plain closing line, "Tests: N passed, N failed", that any CI log reader understands; a
// test file that could not run (a tier's missing corpus or moto_server) is named there too, since
// it has no tests to count as failed.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const unrun = results.numRuntimeErrorTestSuites;
    process.stdout.write(
      `\nTests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}` +
        `${unrun ? `; ${unrun} test file${unrun === 1 ? '' : 's'} could not run` : ''}\n`,
    );
  }
}
module.exports = SummaryReporter;
