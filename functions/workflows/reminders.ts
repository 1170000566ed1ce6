import { planReminders, REMINDER_KINDS, reminderScheduleName } from '../domain/time-rules';
import type { Interview, User } from '../domain/model';
import type { Deps } from './deps';

/**
 * Makes the schedules match the interview: the reminders it should still get are created or
 * moved (carrying its current version), the others deleted. Safe to repeat.
 */
export async function syncReminders(deps: Deps, interview: Interview, user: User): Promise<Map<string, Date>> {
  const plans = planReminders(interview, user.timeZone, deps.clock.now());
  const planned = new Map(plans.map((plan) => [plan.kind, plan.atUtc] as const));
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
