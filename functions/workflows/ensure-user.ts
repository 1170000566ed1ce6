import { DEFAULT_DIGEST } from '../domain/time-rules';
import { inferUserZone } from '../domain/time-zone-inference';
import type { User } from '../domain/model';
import type { Deps } from './deps';
import { syncDigestSchedule } from './digest-schedule';

interface SenderContext {
  address: string;
  name?: string;
  /** The invitation's IANA zone, when there is one. */
  eventZone?: string;
  /** UTC offset of the Date header of the user's own message, and that date. */
  dateOffsetMinutes?: number;
  date?: Date;
}

/**
 * The user behind a sender address, created on first contact. The address mapping is claimed
 * first and the profile created second, both conditionally, so a crash in between leaves a
 * mapping that the retry completes, and any number of simultaneous first emails end with one
 * user. The digest schedule is put in place on every call (by name, so still one schedule): a
 * retry after a failure to schedule it completes it, rather than finding the user and stopping.
 */
export async function ensureUser(deps: Deps, sender: SenderContext): Promise<{ user: User; created: boolean }> {
  const { store } = deps;
  let userId = await store.findUserIdByEmail(sender.address);
  if (!userId) {
    const candidate = deps.ids.newUserId();
    userId = (await store.claimEmail(sender.address, candidate)) ? candidate : await store.findUserIdByEmail(sender.address);
    if (!userId) throw new Error(`could not claim ${sender.address}`);
  }
  let user = await store.getUser(userId);
  let created = false;
  if (!user) {
    const candidate: User = {
      userId,
      email: sender.address.toLowerCase(),
      ...(sender.name ? { name: sender.name } : {}),
      timeZone: inferUserZone({ eventZone: sender.eventZone, forwardOffsetMinutes: sender.dateOffsetMinutes, forwardDate: sender.date }),
      timeZoneSource: 'inferred',
      digest: { ...DEFAULT_DIGEST },
      createdAt: deps.clock.now().toISOString(),
    };
    created = await store.createUser(candidate);
    user = created ? candidate : await store.getUser(userId);
    if (!user) throw new Error(`user ${userId} was created and is gone`);
    if (created) deps.log.info('user created', { userId, timeZone: user.timeZone });
  }
  await syncDigestSchedule(deps, user);
  return { user, created };
}
