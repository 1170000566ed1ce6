import { actionListIdFor } from '../domain/ids';
import type { DueEntry, DueKind } from '../domain/keep-in-touch';
import type { DigestEvent, Interview, Totals } from '../domain/model';
import { digestOutsideQuietHours, digestSlotDate } from '../domain/time-rules';
import { DIGEST_SHOWN, type DigestSection, renderDigest } from '../emails/digest';
import type { Deps } from './deps';
import { outboundEmail } from './envelope';
import { sendOnce, type SendOutcome } from './send-once';

/** How far the digest looks at interviews: the week behind (held this week) and the two ahead. */
const UPCOMING_DAYS = 14;
const HELD_DAYS = 7;
/**
 * Open items read per digest. The due index is read in one Query with this limit, so the units a
 * digest costs stay the same whatever the history (DigestReads below); past it, a section says
 * "N or more".
 */
const DUE_READ_LIMIT = 60;
const DAY_MS = 86_400_000;
/** Digests in a row that repeat an open item's explanation ("A late thank-you still beats none"). */
export const DETAIL_SHOWN_WEEKS = 2;

interface DigestContent {
  upcoming: Interview[];
  thankYous: DigestSection;
  referrals: DigestSection;
  followUps: DigestSection;
  heldThisWeek: number;
  totals: Totals;
}

/**
 * What the week looks like, pure over what was read: the interviews of the window, one page of
 * the due index (oldest first) and the totals. Open items are numbered across sections in the
 * order shown, so `2 done` means the second item the user sees.
 */
export function digestContent(input: {
  now: Date;
  interviews: readonly Interview[];
  due: { entries: readonly DueEntry[]; more: boolean };
  totals: Totals;
}): DigestContent {
  const now = input.now.getTime();
  const live = input.interviews.filter((i) => i.status !== 'cancelled' && i.status !== 'no-show');
  // A stock explanation (thank-you, follow-up) is said in the first two digests after the item fell due, then
  // dropped: the label alone stands. A referral's says where it stands and who referred them, so it stays.
  const seenTwice = (entry: DueEntry) =>
    entry.kind !== 'referral' && now - new Date(entry.dueUtc).getTime() >= DETAIL_SHOWN_WEEKS * 7 * DAY_MS;
  let n = 0;
  const section = (kind: DueKind): DigestSection => {
    const all = input.due.entries.filter((entry) => entry.kind === kind);
    const shown = all.slice(0, DIGEST_SHOWN).map((entry) => ({ ...entry, n: (n += 1), ...(seenTwice(entry) ? { detail: '' } : {}) }));
    return { shown, more: all.length - shown.length, moreUnknown: input.due.more };
  };
  return {
    upcoming: live.filter((i) => new Date(i.startUtc).getTime() > now && new Date(i.startUtc).getTime() <= now + UPCOMING_DAYS * DAY_MS),
    thankYous: section('thank-you'),
    referrals: section('referral'),
    followUps: section('follow-up'),
    heldThisWeek: live.filter((i) => new Date(i.endUtc).getTime() <= now).length,
    totals: input.totals,
  };
}

/** A week with nothing coming, nothing open and nothing done: no email is better than an empty one. */
export function isEmptyWeek(content: DigestContent): boolean {
  const open = [content.thankYous, content.referrals, content.followUps].some((s) => s.shown.length > 0);
  return content.upcoming.length === 0 && !open && content.heldThisWeek === 0;
}

/**
 * The weekly digest, once per user and digest slot (the day and time it is set for) however
 * often the schedule fires. It reads the
 * profile, the totals, the interviews of a three-week window and one bounded page of the due
 * index — never every contact or interview ever logged — and stores the numbered items it
 * shows under an id its reply token carries, so a reply maps each number back to its item.
 */
export async function sendDigest(deps: Deps, event: DigestEvent): Promise<SendOutcome | 'off' | 'gone' | 'nothing-to-say'> {
  const user = await deps.store.getUser(event.userId);
  if (!user) return 'gone';
  if (!user.digest.enabled) return 'off';
  const now = deps.clock.now();
  const [interviews, due, totals] = await Promise.all([
    deps.store.listInterviews(user.userId, {
      fromUtc: new Date(now.getTime() - HELD_DAYS * DAY_MS).toISOString(),
      toUtc: new Date(now.getTime() + UPCOMING_DAYS * DAY_MS).toISOString(),
    }),
    deps.store.listDue(user.userId, { untilUtc: now.toISOString(), limit: DUE_READ_LIMIT }),
    deps.store.getTotals(user.userId),
  ]);
  const content = digestContent({ now, interviews, due, totals });
  if (isEmptyWeek(content)) return 'nothing-to-say';

  const slot = digestSlotDate(now, digestOutsideQuietHours(user.digest.weekday, user.digest.time), user.timeZone);
  const sendKey = `digest#${slot}`;
  const listId = actionListIdFor(user.userId, sendKey);
  const shown = [content.thankYous, content.referrals, content.followUps].flatMap((s) => s.shown);
  await deps.store.putActionList({
    userId: user.userId,
    listId,
    createdAt: now.toISOString(),
    items: shown.map((entry) => ({ n: entry.n, kind: entry.kind, ref: entry.ref, dueUtc: entry.dueUtc, label: entry.label })),
  });
  const envelope = {
    to: user.email,
    replyTo: { kind: 'digest', userId: user.userId, interviewId: listId },
    autoSubmitted: 'auto-generated',
    unsubscribe: { stream: 'digest', userId: user.userId },
  } as const;
  return sendOnce(
    deps,
    user.userId,
    sendKey,
    await outboundEmail(deps, envelope, renderDigest({ user, now, ...content, domain: deps.config.domain })),
  );
}
