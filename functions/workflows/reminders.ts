import { planReminders, REMINDER_KINDS, reminderScheduleName } from '../domain/time-rules';
import type { Interview, ReminderKind, User } from '../domain/model';
import type { Deps } from './deps';

/**
 * The soonest a reminder goes out. One-time schedules fire within the minute of their time
 * (EventBridge Scheduler's precision), so a reminder that is already due — the interview was
 * logged or moved late — is scheduled a minute from now rather than sent from here: every
 * reminder is persisted before it is dispatched, and goes through the one function that sends it.
 */
export const SOONEST_REMINDER_MS = 60_000;

/**
 * Makes the schedules match the interview: the reminders it should still get are created or
 * moved (carrying its current version), the others deleted. Safe to repeat. Returns when each
 * remaining reminder will go out.
 */
export async function syncReminders(deps: Deps, interview: Interview, user: User): Promise<Map<ReminderKind, Date>> {
  const now = deps.clock.now();
  const soonest = new Date(now.getTime() + SOONEST_REMINDER_MS);
  const planned = new Map(
    planReminders(interview, user.timeZone, now).map((plan) => [plan.kind, plan.atUtc > soonest ? plan.atUtc : soonest] as const),
  );
  for (const kind of REMINDER_KINDS) {
    const name = reminderScheduleName(interview.interviewId, kind);
    const atUtc = planned.get(kind);
    if (atUtc) {
      await deps.scheduler.scheduleOnce({
        name,
        atUtc,
        event: { kind, userId: interview.userId, interviewId: interview.interviewId, version: interview.version },
      });
    } else {
      await deps.scheduler.cancel(name);
    }
  }
  return planned;
}
