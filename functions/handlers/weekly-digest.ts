import { DigestEvent } from '../domain/model';
import { sendDigest } from '../workflows/send-digest';
import { awsDeps } from './aws-deps';

/** EventBridge Scheduler weekly schedule of one user: `{kind: 'weekly-digest', userId}`. */
export async function handler(event: unknown): Promise<string> {
  const digest = DigestEvent.parse(event);
  const deps = awsDeps();
  return sendDigest(deps, digest);
}
