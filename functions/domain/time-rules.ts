import { isoWeekdayName } from '../commons/format-time';
import { addCalendarDays, formatIsoDate, wallClock, weekdayOfDate, zonedWallTimeToEpochMs, type WallClock } from '../commons/wall-clock';
import { type DigestEvent, type DigestPreference, type Interview, ReminderKind } from './model';

/**
 * When each reminder fires (docs/architecture.md "Time rules"). Pure: the caller passes the clock.
 *
 * The prep brief goes out the day before at the same local time — "the day before" in the
 * user's own calendar, so a daylight-saving change in between does not move it by an hour —
 * unless that falls in the user's quiet hours, when it waits for the morning.
 */
export const TIME_RULES = {
  prepBriefDaysBefore: 1,
  quietHoursStart: 22,
  quietHoursEnd: 7,
  thankYouAfterEndMinutes: 60,
  nudgeAfterEndHours: 20,
  /** The thank-you should go out within this long after the interview ends. */
  thankYouDeadlineHours: 24,
} as const;

/** Hours after the interview ends by which the thank-you should have gone out; emails say so. */
export const THANK_YOU_WINDOW_HOURS = TIME_RULES.thankYouDeadlineHours;

/** A new user's weekly digest: Monday morning, before the week's conversations. */
export const DEFAULT_DIGEST: DigestPreference = { enabled: true, weekday: 1, time: '08:00' };

/**
 * When the user's digest comes, as emails show it: "every Tuesday at 09:00", or undefined when
 * it is off. Local time in the user's zone (the scheduler runs it there), so no zone conversion.
 */
export function digestScheduleText(digest: DigestPreference): string | undefined {
  if (!digest.enabled) return undefined;
  const day = isoWeekdayName(digest.weekday) ?? 'Monday';
  return `every ${day} at ${digest.time}`;
}

export const REMINDER_KINDS: readonly ReminderKind[] = ReminderKind.options;

/** The digest time a user asked for, and where it lands: moved to 07:00 when it fell in quiet hours. */
export interface DigestSlot {
  weekday: number;
  time: string;
  /** True when the asked time was in quiet hours (22:00–07:00) and the digest comes at 07:00 instead. */
  moved: boolean;
}

/**
 * Keeps the digest out of quiet hours: a time from 22:00 comes at 07:00 the next morning, one
 * before 07:00 at 07:00 the same morning (`digest: sunday 23:30` → Monday 07:00).
 */
export function digestOutsideQuietHours(weekday: number, time: string): DigestSlot {
  const hour = Number(time.slice(0, 2));
  if (hour >= TIME_RULES.quietHoursStart) return { weekday: (weekday % 7) + 1, time: quietHoursEndTime(), moved: true };
  if (hour < TIME_RULES.quietHoursEnd) return { weekday, time: quietHoursEndTime(), moved: true };
  return { weekday, time, moved: false };
}

function quietHoursEndTime(): string {
  return `${String(TIME_RULES.quietHoursEnd).padStart(2, '0')}:00`;
}

/** "22:00–07:00", as answers name the quiet hours. */
export function quietHoursText(): string {
  return `${TIME_RULES.quietHoursStart}:00–${quietHoursEndTime()}`;
}

/**
 * The local date of the digest slot `now` belongs to: the latest `weekday` at `time` at or before
 * now, in the user's zone. A digest is sent once per slot, so a retry of the same slot sends
 * nothing, and a digest moved to another day is a new slot: it comes, and no week is skipped.
 */
export function digestSlotDate(now: Date, digest: Pick<DigestPreference, 'weekday' | 'time'>, zone: string): string {
  const local = wallClock(now.getTime(), zone);
  const minutes = local.hour * 60 + local.minute;
  const slotMinutes = Number(digest.time.slice(0, 2)) * 60 + Number(digest.time.slice(3, 5));
  for (let back = 0; back < 7; back += 1) {
    const date = addCalendarDays(local, -back);
    if ((weekdayOfDate(date) || 7) === digest.weekday && (back > 0 || minutes >= slotMinutes)) return formatIsoDate(date);
  }
  return formatIsoDate(addCalendarDays(local, -7));
}

export interface ReminderPlan {
  kind: ReminderKind;
  atUtc: Date;
}

function isQuiet(local: WallClock): boolean {
  return local.hour >= TIME_RULES.quietHoursStart || local.hour < TIME_RULES.quietHoursEnd;
}

/** `hour`:00 local on the date `days` after the local date of `local`. */
function atHour(local: WallClock, days: number, hour: number, zone: string): Date {
  return new Date(zonedWallTimeToEpochMs({ ...addCalendarDays(local, days), hour, minute: 0, second: 0 }, zone));
}

/** The end of the quiet period a quiet local time falls in: 07:00 that morning or the next. */
function endOfQuietHours(local: WallClock, zone: string): Date {
  return atHour(local, local.hour >= TIME_RULES.quietHoursStart ? 1 : 0, TIME_RULES.quietHoursEnd, zone);
}

/** The same local time of day `days` calendar days away, as an instant. */
function shiftedDays(at: Date, days: number, zone: string): number {
  const local = wallClock(at.getTime(), zone);
  const milliseconds = ((at.getTime() % 1000) + 1000) % 1000;
  return zonedWallTimeToEpochMs({ ...local, ...addCalendarDays(local, days) }, zone, milliseconds);
}

export function prepBriefTime(startUtc: Date, userZone: string): Date {
  const dayBeforeMs = shiftedDays(startUtc, -TIME_RULES.prepBriefDaysBefore, userZone);
  const dayBefore = wallClock(dayBeforeMs, userZone);
  return isQuiet(dayBefore) ? endOfQuietHours(dayBefore, userZone) : new Date(dayBeforeMs);
}

/** The time itself, or the end of the quiet hours it falls in (07:00 local), for every email Rapport schedules. */
function outsideQuietHours(atUtc: Date, userZone: string): Date {
  const local = wallClock(atUtc.getTime(), userZone);
  return isQuiet(local) ? endOfQuietHours(local, userZone) : atUtc;
}

/** An hour after the end, or the next morning when that is in the user's quiet hours. */
export function thankYouTime(endUtc: Date, userZone = 'UTC'): Date {
  return outsideQuietHours(new Date(endUtc.getTime() + TIME_RULES.thankYouAfterEndMinutes * 60_000), userZone);
}

/**
 * 20 hours after the end; in quiet hours, the morning after — unless that is past the deadline,
 * when it comes the evening before, just ahead of the quiet hours (undefined when even that is
 * not after the draft: one email is enough then).
 */
export function thankYouNudgeTime(endUtc: Date, userZone = 'UTC'): Date | undefined {
  const at = new Date(endUtc.getTime() + TIME_RULES.nudgeAfterEndHours * 3_600_000);
  const later = outsideQuietHours(at, userZone);
  if (later < thankYouDeadline(endUtc)) return later;
  const local = wallClock(at.getTime(), userZone);
  const evening = atHour(local, local.hour < TIME_RULES.quietHoursEnd ? -1 : 0, TIME_RULES.quietHoursStart - 1, userZone);
  return evening > thankYouTime(endUtc, userZone) ? evening : undefined;
}

export function thankYouDeadline(endUtc: Date): Date {
  return new Date(endUtc.getTime() + TIME_RULES.thankYouDeadlineHours * 3_600_000);
}

/** What planning an interview's reminders reads. */
export interface PlanInput {
  interview: Pick<Interview, 'startUtc' | 'endUtc' | 'status' | 'thankYouSentAt'>;
  start: Date;
  end: Date;
  userZone: string;
  now: Date;
}

/** When the thank-you goes out, or undefined when it no longer would: already sent, or the 24-hour window closed. */
function plannedThankYou({ interview, end, userZone, now }: PlanInput): Date | undefined {
  if (interview.thankYouSentAt || now >= thankYouDeadline(end)) return undefined;
  const thanks = thankYouTime(end, userZone);
  return thanks > now ? thanks : outsideQuietHours(now, userZone);
}

/**
 * When each reminder kind goes out for an interview, or undefined when it should not. A table the
 * compiler reads over `ReminderKind` (docs/extending.md "Add a reminder kind"): a kind added to
 * the model without a planner here does not compile, instead of compiling and never being scheduled.
 * - Logged after the prep time but before the start: the brief goes at once.
 * - Logged after the start: no brief (it would be useless); the thank-you still comes, at once
 *   if its time has passed, as long as the 24-hour window is still open.
 * - The nudge only while it is still in the future, and after the thank-you.
 */
export const REMINDER_PLANNERS = {
  'prep-brief': ({ interview, start, userZone, now }) => {
    if (interview.status !== 'scheduled' || now >= start) return undefined;
    const prep = prepBriefTime(start, userZone);
    // Logged late: at once, or at 07:00 when now is quiet and the morning still comes before the start.
    const atOnce = outsideQuietHours(now, userZone);
    return prep > now ? prep : atOnce < start ? atOnce : now;
  },
  'thank-you': plannedThankYou,
  'thank-you-nudge': (input) => {
    const thanksAt = plannedThankYou(input);
    const nudge = thanksAt && thankYouNudgeTime(input.end, input.userZone);
    return nudge && nudge > input.now && nudge > thanksAt ? nudge : undefined;
  },
} satisfies Record<ReminderKind, (input: PlanInput) => Date | undefined>;

/** The reminders a scheduled interview should have, given the time now, in `ReminderKind`'s order. */
export function planReminders(
  interview: Pick<Interview, 'startUtc' | 'endUtc' | 'status' | 'thankYouSentAt'>,
  userZone: string,
  now: Date,
): ReminderPlan[] {
  // A cancelled interview or a no-show gets nothing more; one marked done still gets its thank-you.
  if (interview.status === 'cancelled' || interview.status === 'no-show') return [];
  const input: PlanInput = { interview, start: new Date(interview.startUtc), end: new Date(interview.endUtc), userZone, now };
  return REMINDER_KINDS.flatMap((kind) => {
    const atUtc = REMINDER_PLANNERS[kind](input);
    return atUtc ? [{ kind, atUtc }] : [];
  });
}

/**
 * The suffix of each schedule's name, by what it fires. A `Record` over every scheduled kind, so
 * a new reminder kind cannot be scheduled under another kind's name (and overwrite it).
 */
const SCHEDULE_SUFFIX: Record<ReminderKind | DigestEvent['kind'], string> = {
  'prep-brief': 'prep',
  'thank-you': 'thanks',
  'thank-you-nudge': 'nudge',
  'weekly-digest': 'digest',
};

/** Deterministic schedule names (EventBridge Scheduler: ≤ 64 chars of [0-9a-zA-Z-_.]). */
export function reminderScheduleName(interviewId: string, kind: ReminderKind): string {
  return `${interviewId}-${SCHEDULE_SUFFIX[kind]}`;
}

export function digestScheduleName(userId: string): string {
  return `${userId}-${SCHEDULE_SUFFIX['weekly-digest']}`;
}
