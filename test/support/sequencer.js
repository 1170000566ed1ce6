// The order jest starts test files in. Its own sequencer starts the slowest first from the timings
// it caches, but CI starts from a clean clone with no cache and then orders by file size: the
// fault-injection files are three lines each, so some of the slowest files started last, and ran
// two to three times slower there than started first (docs/testing.md "Time and load"). Here a file
// jest has no timing for takes its time from this table, measured over every tier with coverage
// on CI's two cores (seconds, 2026-12-07); files not in it follow, largest first, as before.
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

/** @type {[string, number][]} */
const MEASURED = [
  ['test/faults/send-queue-fault-run.test.ts', 69],
  ['test/faults/fault-injection-reminders.test.ts', 64],
  ['test/faults/fault-injection-reply-sent.test.ts', 57],
  ['test/bench/digest-heavy-user.test.ts', 50],
  ['test/faults/fault-injection-logging.test.ts', 48],
  ['test/faults/fault-injection-reply-cancel.test.ts', 42],
  ['test/bench/bench-report.test.ts', 37],
  ['test/moto/dynamodb-store.test.ts', 37],
  ['test/faults/fault-injection-moto.test.ts', 34],
  ['test/browser/outbox-page.test.ts', 22],
  ['test/infra/stack.test.ts', 21],
  ['test/integration/reminders-heavy-user.test.ts', 20],
  ['test/faults/exactly-once.test.ts', 19],
  ['test/moto/lambda-handlers.test.ts', 18],
  ['test/bench/read-budget.test.ts', 18],
  ['test/integration/dynamodb-store.test.ts', 17],
  ['test/browser/emails-on-phones.test.ts', 15],
];
const ROOT = path.resolve(__dirname, '../..');
const measuredMs = new Map(MEASURED.map(([file, seconds]) => [path.join(ROOT, file), seconds * 1000]));

class SlowestFirst extends Sequencer {
  /** jest's own timing of the file from its last run, else the measured one. */
  time(test) {
    return super.time(test) ?? measuredMs.get(test.path);
  }

  /**
   * As jest's own, but a file with no timing goes after those with one (jest starts it first, so
   * that a new file fails fast): in a clean clone that is all but the measured files.
   */
  sort(tests) {
    const failedFirst = super.sort(tests);
    const timed = failedFirst.filter((test) => test.duration !== undefined && !this.hasFailed(test));
    const rest = failedFirst.filter((test) => !timed.includes(test));
    const failed = rest.filter((test) => this.hasFailed(test));
    return [...failed, ...timed, ...rest.filter((test) => !failed.includes(test))];
  }
}

module.exports = SlowestFirst;
