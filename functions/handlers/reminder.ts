import { OneTimeEvent } from '../domain/model';
import { runOneTime } from '../workflows/run-scheduled';
import { awsDeps } from './aws-deps';
import { withReadableStacks } from '../commons/stack-trace';
import { withLogContext } from '../adapters/aws/powertools-logger';

/** EventBridge Scheduler one-time schedule: `{kind, userId, interviewId, version}` or `{kind: 'keep-in-touch', userId, email, dueUtc}`. */
async function handle(event: unknown): Promise<string> {
  const scheduled = OneTimeEvent.parse(event);
  const deps = awsDeps();
  return runOneTime(deps, scheduled);
}

export const handler = withLogContext(withReadableStacks(handle));
