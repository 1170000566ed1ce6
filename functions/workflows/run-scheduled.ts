import type { OneTimeEvent } from '../domain/model';
import type { Deps } from './deps';
import { sendFollowUp, type FollowUpOutcome } from './send-follow-up';
import type { SendOutcome } from './send-once';
import { sendReminder, type ReminderOutcome } from './send-reminder';
import { sendReport } from './send-report';

type OneTimeOutcome = ReminderOutcome | FollowUpOutcome | SendOutcome | 'gone';

/** One workflow per kind of one-time schedule, each taking its own kind's event. */
export type OneTimeWorkflows<Event extends { kind: string } = OneTimeEvent> = {
  [K in Event['kind']]: (deps: Deps, event: Event & { kind: K }) => Promise<OneTimeOutcome>;
};

/**
 * The workflow each kind of one-time schedule runs. A table the compiler reads over every kind a
 * schedule can carry (docs/extending.md), so a new reminder or event kind without a workflow here
 * does not compile.
 */
export const ONE_TIME_WORKFLOWS = {
  'keep-in-touch': sendFollowUp,
  report: sendReport,
  'prep-brief': sendReminder,
  'thank-you': sendReminder,
  'thank-you-nudge': sendReminder,
} satisfies OneTimeWorkflows;

/** A one-time schedule fired: a reminder about an interview, a keep-in-touch suggestion about a contact, or a report asked for. */
export async function runOneTime(deps: Deps, event: OneTimeEvent): Promise<OneTimeOutcome> {
  // The table pairs each kind with its own event type; indexing by a union kind loses that pairing, hence the widening.
  const workflow = ONE_TIME_WORKFLOWS[event.kind] as (deps: Deps, event: OneTimeEvent) => Promise<OneTimeOutcome>;
  return workflow(deps, event);
}
