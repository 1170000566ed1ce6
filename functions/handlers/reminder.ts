import { ReminderEvent } from '../domain/model';
import { sendReminder, type ReminderOutcome } from '../workflows/send-reminder';
import { awsRuntime } from './aws-deps';

/** EventBridge Scheduler one-time schedule: `{kind, userId, interviewId, version}`. */
export async function handler(event: unknown): Promise<ReminderOutcome> {
  const reminder = ReminderEvent.parse(event);
  const { deps } = await awsRuntime();
  return sendReminder(deps, reminder);
}
