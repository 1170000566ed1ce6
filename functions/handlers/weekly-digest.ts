import { DigestEvent } from '../domain/model';
import { sendDigest } from '../workflows/send-digest';
import { awsDeps } from './aws-deps';
import { withReadableStacks } from '../commons/stack-trace';
import { withLogContext } from '../adapters/aws/powertools-logger';

/** EventBridge Scheduler weekly schedule of one user: `{kind: 'weekly-digest', userId}`. */
async function handle(event: unknown): Promise<string> {
  const digest = DigestEvent.parse(event);
  const deps = awsDeps();
  return sendDigest(deps, digest);
}

export const handler = withLogContext(withReadableStacks(handle));
