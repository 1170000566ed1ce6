import { DigestEvent } from '../domain/model';
import { sendDigest } from '../workflows/send-digest';
import { awsRuntime } from './aws-deps';

/** EventBridge Scheduler weekly schedule of one user: `{kind: 'weekly-digest', userId}`. */
export async function handler(event: unknown): Promise<string> {
  const digest = DigestEvent.parse(event);
  const { deps } = await awsRuntime();
  return sendDigest(deps, digest);
}
