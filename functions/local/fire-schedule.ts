import type { DueSchedule, FailedFiring, TableScheduler } from '../adapters/dynamodb/table-scheduler';
import type { Deps } from '../workflows/deps';
import { sendDigest } from '../workflows/send-digest';
import { logSendGivenUp } from '../workflows/send-once';
import { runOneTime } from '../workflows/run-scheduled';

/**
 * Runs one due schedule the way EventBridge Scheduler and Lambda would: the target workflow, then
 * the schedule is done (deleted, or moved to its next week); when the workflow throws, the firing
 * is retried with backoff and, after the retry policy, given up to the dead-letter list with the
 * `send given up` log line and its `SendsGivenUp` metric. Returns what happened, for `rapport tick`.
 */
export async function fireSchedule(deps: Deps, scheduler: TableScheduler, due: DueSchedule): Promise<string> {
  let outcome: string;
  try {
    outcome = due.event.kind === 'weekly-digest' ? await sendDigest(deps, due.event) : await runOneTime(deps, due.event);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failed = await scheduler.markFailed(due.name, due.dueUtc, message);
    return reportFailure(deps, due, failed, error);
  }
  await scheduler.markFired(due.name, due.dueUtc);
  deps.log.info('schedule fired', { name: due.name, kind: due.event.kind, outcome, attempt: due.failedAttempts + 1 });
  return outcome;
}

function reportFailure(deps: Deps, due: DueSchedule, failed: FailedFiring, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const fields = {
    name: due.name,
    kind: due.event.kind,
    attempt: due.failedAttempts + 1,
    error: error instanceof Error ? error.stack : message,
  };
  switch (failed.outcome) {
    case 'retry':
      deps.log.warn('schedule failed; will retry', { ...fields, retryAtUtc: failed.retryAtUtc.toISOString() });
      return `failed (attempt ${failed.failedAttempts}): ${message}; retrying at ${failed.retryAtUtc.toISOString()}`;
    case 'dead-lettered':
      logSendGivenUp(deps, {
        userId: due.event.userId,
        key: due.name,
        reason: `${failed.deadLetter.attempts} attempts failed; last: ${failed.deadLetter.lastError}`,
      });
      return `given up after ${failed.deadLetter.attempts} attempts: ${message}`;
    case 'moved':
      deps.log.warn('schedule failed and was moved meanwhile; the new one stands', fields);
      return `failed: ${message}`;
    default:
      return assertNever(failed);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected firing result ${JSON.stringify(value)}`);
}
