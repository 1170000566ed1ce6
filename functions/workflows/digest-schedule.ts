import type { User } from '../domain/model';
import { digestOutsideQuietHours, digestScheduleName } from '../domain/time-rules';
import type { Deps } from './deps';

/**
 * Keeps the user's weekly digest schedule in line with their preference (day, time, zone, on/off).
 * Its own module because the workflows that change a preference (a new user, a `digest:` or
 * `timezone:` reply, deleting the data) call it, and sending the digest does not.
 */
export async function syncDigestSchedule(deps: Deps, user: User): Promise<void> {
  const name = digestScheduleName(user.userId);
  if (!user.digest.enabled) return deps.scheduler.cancel(name);
  // A time stored before quiet hours were kept still lands outside them.
  const slot = digestOutsideQuietHours(user.digest.weekday, user.digest.time);
  await deps.scheduler.scheduleWeekly({
    name,
    weekday: slot.weekday,
    time: slot.time,
    timeZone: user.timeZone,
    event: { kind: 'weekly-digest', userId: user.userId },
  });
}
