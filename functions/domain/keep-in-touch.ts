import {
  addCalendarDays,
  addCalendarMonths,
  formatIsoUtc,
  parseInstant,
  wallClock,
  zonedWallTimeToEpochMs,
  type CalendarDate,
  type WallClock,
} from '../commons/wall-clock';
import type { Contact, Interview, Person, ReferralState } from './model';
import { thankYouDeadline, TIME_RULES } from './time-rules';

/**
 * Keeping in touch after the thank-you (issue 13). Pure rules over what was read; the caller
 * passes the clock and the user's zone.
 *
 * - About two weeks after the thank-you is marked sent, a first follow-up suggestion
 *   ("tell Priya how you used her advice").
 * - Then one every `cadenceMonths` (default 3) after the last touch, until `no follow-up`.
 * - Any logged touch — a new interview, `touched: Priya`, a numbered `done` — starts the wait over.
 * - Suggestions come at a morning hour in the user's zone, never in quiet hours.
 */
export const KEEP_IN_TOUCH = {
  firstFollowUpDays: 14,
  defaultCadenceMonths: 3,
  /** Local hour a follow-up becomes due: the start of the day, after quiet hours end. */
  dueHour: 9,
} as const;

/** What the digest and the `contacts` email list as open, each with the time it fell due. */
export type DueKind = 'follow-up' | 'referral' | 'thank-you';

/** One open item as the due index keeps it: enough to show it without reading the contact. */
export interface DueEntry {
  kind: DueKind;
  dueUtc: string;
  /** The contact's address (follow-up, referral) or the interview id (thank-you). */
  ref: string;
  label: string;
  detail?: string;
}

/**
 * `dueHour` local time on `date`, or on the next day when that is before `at` (the same time of
 * day as `from`, on `date`).
 */
function nextMorning(from: WallClock, fromMs: number, date: CalendarDate, zone: string): number {
  const milliseconds = ((fromMs % 1000) + 1000) % 1000;
  const at = zonedWallTimeToEpochMs({ ...from, ...date }, zone, milliseconds);
  const morning = zonedWallTimeToEpochMs({ ...date, hour: KEEP_IN_TOUCH.dueHour, minute: 0, second: 0 }, zone);
  return morning < at
    ? zonedWallTimeToEpochMs({ ...addCalendarDays(date, 1), hour: KEEP_IN_TOUCH.dueHour, minute: 0, second: 0 }, zone)
    : morning;
}

/** The morning `shift` calendar dates after the local date of `utc`, as a UTC instant. */
function morningAfter(utc: string, zone: string, shift: (date: CalendarDate) => CalendarDate): string {
  const fromMs = parseInstant(utc);
  const from = wallClock(fromMs, zone);
  return toUtcIso(nextMorning(from, fromMs, shift(from), zone), zone);
}

/** When the first follow-up is due after the thank-you went out: two weeks later, in the morning. */
export function firstFollowUpUtc(thankYouSentUtc: string, zone: string): string {
  return morningAfter(thankYouSentUtc, zone, (date) => addCalendarDays(date, KEEP_IN_TOUCH.firstFollowUpDays));
}

/** The next follow-up after a touch: `cadenceMonths` later in the user's calendar, in the morning. */
export function nextFollowUpUtc(touchUtc: string, cadenceMonths: number | undefined, zone: string): string {
  return morningAfter(touchUtc, zone, (date) => addCalendarMonths(date, cadenceMonths ?? KEEP_IN_TOUCH.defaultCadenceMonths));
}

/** A snooze moves a due item by whole days, landing in the morning (never in quiet hours). */
export function snoozedUntilUtc(nowUtc: string, days: number, zone: string): string {
  return morningAfter(nowUtc, zone, (date) => addCalendarDays(date, days));
}

function toUtcIso(epochMs: number, zone: string): string {
  const local = wallClock(epochMs, zone);
  if (local.hour < TIME_RULES.quietHoursEnd || local.hour >= TIME_RULES.quietHoursStart) {
    throw new RangeError(`a follow-up must not fall in quiet hours: ${formatIsoUtc(epochMs)} in ${zone}`);
  }
  return formatIsoUtc(epochMs);
}

/** A logged touch: last touch now, and the next follow-up one cadence later (none with `no follow-up`). */
export function touched(contact: Contact, atUtc: string, zone: string): Contact {
  const { nextTouchUtc: _dropped, ...rest } = contact;
  return {
    ...rest,
    lastTouchUtc: atUtc,
    touchedUtc: atUtc,
    ...(contact.followUpOff ? {} : { nextTouchUtc: nextFollowUpUtc(atUtc, contact.cadenceMonths, zone) }),
    updatedAt: atUtc,
  };
}

/** Meeting someone in an interview: a history entry, first met, the latest touch; a referral met is `met`. */
export function metInInterview(contact: Contact, interview: Pick<Interview, 'interviewId' | 'startUtc'>, now: string): Contact {
  const history = [...(contact.interviewIds ?? []).filter((id) => id !== interview.interviewId), interview.interviewId];
  const lastTouch = contact.lastTouchUtc && contact.lastTouchUtc > interview.startUtc ? contact.lastTouchUtc : interview.startUtc;
  return {
    ...contact,
    interviewIds: history.slice(-50),
    firstMetUtc: contact.firstMetUtc && contact.firstMetUtc < interview.startUtc ? contact.firstMetUtc : interview.startUtc,
    lastTouchUtc: lastTouch,
    ...(contact.referralState === 'suggested' || contact.referralState === 'intro-sent' ? { referralState: 'met' as const } : {}),
    updatedAt: now,
  };
}

/** A meeting that happened or is still to happen: a cancelled one or a no-show never counts as met. */
export function meetingCounts(interview: Pick<Interview, 'status'>): boolean {
  return interview.status === 'scheduled' || interview.status === 'done';
}

/**
 * The contact's dates as its meetings now stand — one source of truth for "first met" and "last
 * in touch" after a reschedule, an updated invitation, a cancel or a no-show. A keep-in-touch date
 * that was counted from the old last touch moves with it; one set otherwise (after a thank-you, a
 * snooze) stays. With nothing left to count from, the contact has no such dates.
 */
export function meetingDates(contact: Contact, meetings: readonly Pick<Interview, 'status' | 'startUtc'>[], zone: string): Contact {
  const starts = meetings
    .filter(meetingCounts)
    .map((m) => m.startUtc)
    .sort();
  const latest = [starts.at(-1), contact.touchedUtc].filter((at): at is string => at !== undefined).sort();
  const lastTouchUtc = latest.at(-1);
  const { firstMetUtc: _first, lastTouchUtc: _last, nextTouchUtc, ...rest } = contact;
  const followedLastTouch =
    nextTouchUtc !== undefined &&
    contact.lastTouchUtc !== undefined &&
    nextTouchUtc === nextFollowUpUtc(contact.lastTouchUtc, contact.cadenceMonths, zone);
  const next =
    followedLastTouch && !isOpenReferral(contact)
      ? lastTouchUtc && !contact.followUpOff
        ? nextFollowUpUtc(lastTouchUtc, contact.cadenceMonths, zone)
        : undefined
      : nextTouchUtc;
  return {
    ...rest,
    ...(starts[0] ? { firstMetUtc: starts[0] } : {}),
    ...(lastTouchUtc ? { lastTouchUtc } : {}),
    ...(next ? { nextTouchUtc: next } : {}),
  };
}

/** Where a referral may go from where it is: forward only, and `not pursuing` from any open state. */
const REFERRAL_NEXT: Record<ReferralState, readonly ReferralState[]> = {
  suggested: ['intro-sent', 'met', 'not-pursuing'],
  'intro-sent': ['met', 'not-pursuing'],
  met: [],
  'not-pursuing': ['suggested'],
};

export function canMoveReferral(from: ReferralState, to: ReferralState): boolean {
  return REFERRAL_NEXT[from].includes(to);
}

export function isOpenReferral(contact: Pick<Contact, 'referralState'>): boolean {
  return contact.referralState === 'suggested' || contact.referralState === 'intro-sent';
}

function who(contact: Pick<Contact, 'name' | 'email' | 'company'>): string {
  const name = contact.name ? `${contact.name} (${contact.email})` : contact.email;
  return contact.company ? `${name} · ${contact.company}` : name;
}

/**
 * The one open item a contact stands for, if any: an open referral (due from when it was
 * suggested), else a follow-up whose time is set. The Store keeps the due index by this.
 */
export function contactDueEntry(contact: Contact): DueEntry | undefined {
  if (isOpenReferral(contact)) {
    const by = contact.referredBy ? (contact.referredBy.name ?? contact.referredBy.email) : undefined;
    const state = contact.referralState === 'intro-sent' ? 'Introduction requested' : 'Ask for an introduction';
    return {
      kind: 'referral',
      // A snoozed referral comes back when the snooze ends.
      dueUtc: contact.nextTouchUtc ?? contact.createdAt,
      ref: contact.email,
      label: who(contact),
      detail: `${state}${by ? ` — referred by ${by}` : ''}.`,
    };
  }
  if (contact.nextTouchUtc && !contact.followUpOff) {
    return {
      kind: 'follow-up',
      dueUtc: contact.nextTouchUtc,
      ref: contact.email,
      label: who(contact),
      detail: 'Time for a short update on what you did with their advice.',
    };
  }
  return undefined;
}

/** The thank-you still owed for an interview, due by the end of its 24-hour window. */
export function thankYouDueEntry(interview: Pick<Interview, 'interviewId' | 'endUtc' | 'title' | 'contact'>): DueEntry {
  const contact = interview.contact as Person | undefined;
  return {
    kind: 'thank-you',
    dueUtc: thankYouDeadline(new Date(interview.endUtc)).toISOString(),
    ref: interview.interviewId,
    label: contact ? `${interview.title} — ${contact.name ?? contact.email}` : interview.title,
    detail: 'A late thank-you still beats none.',
  };
}
