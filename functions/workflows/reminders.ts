import { planReminders, REMINDER_KINDS, reminderScheduleName } from '../domain/time-rules';
import type { Interview, ReminderEvent, ReminderKind, User } from '../domain/model';
import type { Deps } from './deps';
import { sendReminder } from './send-reminder';

export interface ReminderSync {
  /** When each reminder the interview still gets will go out. */
  planned: Map<ReminderKind, Date>;
  /** Reminders already due (the interview was logged or moved late): the caller sends them now. */
  dueNow: ReminderEvent[];
}

/**
 * Makes the schedules match the interview: the reminders it should still get are created or
 * moved (carrying its current version), the others deleted. A reminder that is due already is
 * not scheduled — a one-time schedule in the past is not a reliable way to run something now —
 * but returned, for the caller to send once it has answered the user. Safe to repeat.
 */
export async function syncReminders(deps: Deps, interview: Interview, user: User): Promise<ReminderSync> {
  const now = deps.clock.now();
  const plans = planReminders(interview, user.timeZone, now);
  const planned = new Map(plans.map((plan) => [plan.kind, plan.atUtc] as const));
  const dueNow: ReminderEvent[] = [];
  for (const kind of REMINDER_KINDS) {
    const name = reminderScheduleName(interview.interviewId, kind);
    const atUtc = planned.get(kind);
    const event: ReminderEvent = { kind, userId: interview.userId, interviewId: interview.interviewId, version: interview.version };
    if (atUtc && atUtc > now) {
      await deps.scheduler.scheduleOnce({ name, atUtc, event });
      continue;
    }
    await deps.scheduler.cancel(name);
    if (atUtc) dueNow.push(event);
  }
  return { planned, dueNow };
}

export async function sendDueReminders(deps: Deps, sync: ReminderSync): Promise<void> {
  for (const event of sync.dueNow) await sendReminder(deps, event);
}
