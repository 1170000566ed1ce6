import { DEFAULT_DIGEST } from '../domain/time-rules';
import { inferUserZone } from '../domain/time-zone-inference';
import type { User } from '../domain/model';
import type { Deps } from './deps';
import { syncDigestSchedule } from './digest-schedule';

export interface SenderContext {
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
 * first and the profile written second, so a crash in between leaves a mapping that the retry
 * completes, and two simultaneous first emails end with one user.
 */
export async function ensureUser(deps: Deps, sender: SenderContext): Promise<{ user: User; created: boolean }> {
  const { store } = deps;
  let userId = await store.findUserIdByEmail(sender.address);
  if (!userId) {
    const candidate = deps.ids.newUserId();
    userId = (await store.claimEmail(sender.address, candidate)) ? candidate : await store.findUserIdByEmail(sender.address);
    if (!userId) throw new Error(`could not claim ${sender.address}`);
  }
  const existing = await store.getUser(userId);
  if (existing) return { user: existing, created: false };

  const user: User = {
    userId,
    email: sender.address.toLowerCase(),
    ...(sender.name ? { name: sender.name } : {}),
    timeZone: inferUserZone({ eventZone: sender.eventZone, forwardOffsetMinutes: sender.dateOffsetMinutes, forwardDate: sender.date }),
    timeZoneSource: 'inferred',
    digest: { ...DEFAULT_DIGEST },
    createdAt: deps.clock.now().toISOString(),
  };
  await store.putUser(user);
  await syncDigestSchedule(deps, user);
  deps.log.info('user created', { userId, timeZone: user.timeZone });
  return { user, created: true };
}
