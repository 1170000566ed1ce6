import type { User } from '../domain/model';
import { digestScheduleName } from '../domain/time-rules';
import type { Deps } from './deps';

/**
 * Keeps the user's weekly digest schedule in line with their preference (day, time, zone, on/off).
 * Its own module because the workflows that change a preference (a new user, a `digest:` or
 * `timezone:` reply, deleting the data) call it, and sending the digest does not.
 */
export async function syncDigestSchedule(deps: Deps, user: User): Promise<void> {
  const name = digestScheduleName(user.userId);
  if (!user.digest.enabled) return deps.scheduler.cancel(name);
  await deps.scheduler.scheduleWeekly({
    name,
    weekday: user.digest.weekday,
    time: user.digest.time,
    timeZone: user.timeZone,
    event: { kind: 'weekly-digest', userId: user.userId },
  });
}
