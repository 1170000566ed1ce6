import type { OneTimeEvent } from '../domain/model';
import type { Deps } from './deps';
import { sendFollowUp, type FollowUpOutcome } from './send-follow-up';
import type { SendOutcome } from './send-once';
import { sendReminder, type ReminderOutcome } from './send-reminder';
import { sendReport } from './send-report';

/** A one-time schedule fired: a reminder about an interview, a keep-in-touch suggestion about a contact, or a report asked for. */
export async function runOneTime(deps: Deps, event: OneTimeEvent): Promise<ReminderOutcome | FollowUpOutcome | SendOutcome | 'gone'> {
  switch (event.kind) {
    case 'keep-in-touch':
      return sendFollowUp(deps, event);
    case 'report':
      return sendReport(deps, event);
    case 'prep-brief':
    case 'thank-you':
    case 'thank-you-nudge':
      return sendReminder(deps, event);
    default: {
      const unknown: never = event;
      throw new Error(`no workflow for ${JSON.stringify(unknown)}`);
    }
  }
}
