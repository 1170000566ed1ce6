import { optionalText } from '../commons/bounded-text';
import { formatCalendarDate, formatDate, formatDateTime } from '../commons/format-time';
import { parseInZone, parseInstant, parseIsoDate, wallClock } from '../commons/wall-clock';
import { interviewIdFor } from '../domain/ids';
import { Interview, LIMITS, type PendingInvitation, type User } from '../domain/model';
import type { InboundMail, InvitationRead, InvitationSummary } from '../inbound/inbound-mail';
import { renderConfirmation } from '../emails/confirmation';
import { renderNeedsTime, type TimeChoice } from '../emails/needs-time';
import { renderNoInvitation } from '../emails/no-invitation';
import { readInvitationTimes } from '../inbound/text-invitation-times';
import type { RenderedEmail } from '../emails/shared';
import { renderReplyAck } from '../emails/reply-ack';
import { ConditionFailedError } from '../ports';
import type { ReplyTarget } from '../domain/reply-token';
import type { Deps } from './deps';
import { outboundEmail, replyAddressFor } from './envelope';
import { ensureUser } from './ensure-user';
import { recordMeetings, refreshMeetingDates } from './contacts';
import { cleanSubject, type Described, describe, pendingFrom, type Times, timesOf } from './invitation-fields';
import { syncReminders } from './reminders';
import { sendOnce } from './send-once';

/** How long "When is it?" can be answered by reply; later, forwarding again still works. */
const PENDING_TTL_SECONDS = 60 * 24 * 3600;

/** What the user said beside the invitation (an answer's "from Acme"), which wins over a guess. */
interface LogOverrides {
  company?: string;
}

export type LogOutcome =
  | { outcome: 'created' | 'updated' | 'cancelled'; interviewId: string }
  | { outcome: 'unchanged' | 'stale'; interviewId: string }
  | { outcome: 'no-invitation' | 'needs-time' | 'unreadable' | 'nothing-to-cancel' };

type Rendered = { subject: string; text: string; html: string };
type TimeChoiceReading = NonNullable<Extract<InvitationRead, { ok: false }>['readings']>[number];

/** What every step of logging one message shares. */
interface LogContext {
  deps: Deps;
  message: InboundMail;
  messageKey: string;
  user: User;
  overrides: LogOverrides;
}

/** The invitation's event, read against what is stored under its UID. */
interface EventContext extends LogContext {
  invitation: InvitationSummary;
  times: Times;
  calendarUid: string;
  interviewId: string;
  existing: Interview | undefined;
  sequence: number;
  /** The one reading of the clock for this message (ISO). */
  now: string;
  described: Described;
}

/**
 * A forwarded (or directly sent) invitation → the interview it describes, its reminders and a
 * confirmation. Idempotent on the calendar UID: the same invitation twice is one interview and
 * one confirmation; a higher SEQUENCE updates, CANCEL cancels, an older one changes nothing.
 * The times of an invitation forwarded as text are read here (inbound/text-invitation-times.ts).
 */
export async function logInterview(
  deps: Deps,
  message: InboundMail,
  messageKey: string,
  overrides: LogOverrides = {},
): Promise<LogOutcome> {
  const sender = message.from!;
  // inbound-email leaves the times of an invitation forwarded as text to this function: read them first.
  const extracted = readInvitationTimes(message.invitation);
  const invitation = extracted.ok ? extracted.invitation : undefined;

  const { user } = await ensureUser(deps, {
    address: sender.address,
    ...(sender.name ? { name: sender.name } : {}),
    ...(invitation?.timeZone ? { eventZone: invitation.timeZone } : {}),
    ...(message.dateOffsetMinutes !== undefined && message.date
      ? { dateOffsetMinutes: message.dateOffsetMinutes, date: new Date(message.date) }
      : {}),
  });
  const context: LogContext = { deps, message, messageKey, user, overrides };

  if (!extracted.ok) {
    const domain = deps.config.domain;
    const title = optionalText(extracted.reason === 'no-time' ? extracted.title : cleanSubject(message.subject), LIMITS.title);
    const answers: Record<
      typeof extracted.reason,
      () => { outcome: 'needs-time' | 'no-invitation' | 'unreadable'; rendered: RenderedEmail | ((replyTo: string) => RenderedEmail) }
    > = {
      'no-time': () => ({
        outcome: 'needs-time',
        rendered: (replyTo: string) =>
          renderNeedsTime({ user, title: extracted.title, domain, choices: timeChoices(extracted.readings ?? [], user, replyTo) }),
      }),
      'no-invitation': () => ({ outcome: 'no-invitation', rendered: renderNoInvitation({ user, domain, subject: message.subject }) }),
      // Over a read limit: say which, so the sender knows what to send instead.
      unreadable: () => ({
        outcome: 'unreadable',
        rendered: renderNoInvitation({ user, domain, subject: message.subject, problem: extracted.detail }),
      }),
    };
    const { outcome, rendered } = answers[extracted.reason]();
    // What was found is kept with the question, so the answer logs it with its person and link.
    const found = extracted.reason === 'no-time' ? pendingFrom({ ...extracted, attendees: [], forwarded: false, source: 'text' }) : {};
    await askForTime(context, { ...found, ...(title ? { title } : {}), attendees: [] }, rendered);
    return { outcome };
  }

  const times = timesOf(extracted.invitation, user);
  if (!times) {
    const pending = pendingFrom(extracted.invitation);
    const date = pending.day ? parseIsoDate(pending.day) : undefined;
    const day = date ? formatCalendarDate(date) : undefined;
    await askForTime(
      context,
      pending,
      renderNeedsTime({ user, title: invitation?.title, ...(day ? { day } : {}), domain: deps.config.domain }),
    );
    return { outcome: 'needs-time' };
  }

  if (extracted.invitation.source === 'text' && times.startUtc < deps.clock.now().toISOString()) {
    // A time read from prose that has already passed is more likely misread than meant: ask.
    const when = formatDateTime(times.startUtc, user.timeZone);
    const question = `The time I read, ${when}, is in the past, so nothing was logged. When is it? Reply to this email with the date and time, e.g. "Thu 12 Dec 15:00, 30 minutes".`;
    await askForTime(
      context,
      pendingFrom(extracted.invitation),
      renderReplyAck({ user, understood: [], problems: [question], offeredReferrals: [], domain: deps.config.domain }),
    );
    return { outcome: 'needs-time' };
  }

  const event = await readEvent(context, extracted.invitation, times);
  const isCancel = event.invitation.method?.toUpperCase() === 'CANCEL' || event.invitation.status?.toUpperCase() === 'CANCELLED';
  const kept = event.existing ? whyItStays(event.existing, event.sequence, isCancel, user) : undefined;
  if (event.existing && kept) return answerUnchanged(event, event.existing, kept);
  if (isCancel) return cancelInterview(event);
  if (event.existing) return updateInterview(event, event.existing);
  return createInterview(event);
}

async function readEvent(context: LogContext, invitation: InvitationSummary, times: Times): Promise<EventContext> {
  const { deps, user } = context;
  const calendarUid = (invitation.uid ?? `no-uid:${times.startUtc}:${invitation.title ?? ''}`).slice(0, LIMITS.calendarUid);
  const interviewId = interviewIdFor(user.userId, calendarUid);
  return {
    ...context,
    invitation,
    times,
    calendarUid,
    interviewId,
    existing: await deps.store.getInterview(user.userId, interviewId),
    sequence: invitation.sequence ?? 0,
    now: deps.clock.now().toISOString(),
    described: { ...describe(invitation, user, times), ...(context.overrides.company ? { company: context.overrides.company } : {}) },
  };
}

/** A direct answer to the message (not about a logged interview's state), threaded under it. */
async function answer(
  { deps, message, messageKey, user }: LogContext,
  rendered: Rendered | ((replyTo: string) => Rendered),
  target: Omit<ReplyTarget, 'userId'> = { kind: 'help' },
): Promise<void> {
  const replyTo = await replyAddressFor(deps, { ...target, userId: user.userId });
  const content = typeof rendered === 'function' ? rendered(replyTo) : rendered;
  const envelope = { to: user.email, replyTo, thread: message.messageId, autoSubmitted: 'auto-replied' } as const;
  await sendOnce(deps, user.userId, `reply#${messageKey}`, await outboundEmail(deps, envelope, content));
}

/**
 * The readings of a time that reads two ways, as one-tap answers: each a mailto: link to the
 * question's reply address whose body is the time written so the answer reads one way only.
 */
function timeChoices(readings: readonly TimeChoiceReading[], user: User, replyTo: string): TimeChoice[] {
  return readings.flatMap((reading) => {
    const epochMs = reading.startUtc
      ? parseInstant(reading.startUtc)
      : reading.startLocal
        ? parseInZone(reading.startLocal, user.timeZone)
        : NaN;
    if (Number.isNaN(epochMs)) return [];
    const iso = new Date(epochMs).toISOString();
    const clock = wallClock(epochMs, user.timeZone);
    // Written back as a plain local time, so the answer reads one way only.
    const answer = `${formatDate(iso, user.timeZone)}, ${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`;
    return [
      {
        label: formatDateTime(iso, user.timeZone),
        href: `mailto:${replyTo}?subject=${encodeURIComponent('When')}&body=${encodeURIComponent(answer)}`,
      },
    ];
  });
}

/** "When is it?": the question's reply token names what was found, so an answer with the time can log it. */
async function askForTime(
  context: LogContext,
  pending: Omit<PendingInvitation, 'userId' | 'pendingId' | 'createdAt'>,
  rendered: Rendered | ((replyTo: string) => Rendered),
): Promise<void> {
  const { deps, user, messageKey } = context;
  const pendingId = interviewIdFor(user.userId, `pending:${messageKey}`);
  await deps.store.putPendingInvitation(
    { ...pending, userId: user.userId, pendingId, createdAt: deps.clock.now().toISOString() },
    PENDING_TTL_SECONDS,
  );
  await answer(context, rendered, { kind: 'pending', interviewId: pendingId });
}

/**
 * Every step after the write, each safe to repeat, run whether this delivery wrote the
 * interview or an earlier one did ("already stored" is not "already done"): a retry after a
 * failed schedule or confirmation completes them, and a confirmation already sent is not sent
 * again (its send key names the version).
 */
async function finish(event: EventContext, interview: Interview, previous?: Times): Promise<void> {
  const { deps, user, interviewId } = event;
  // Everyone in it becomes a contact; safe to repeat, so a retry finishes what a failed run began.
  if (interview.version === 1 && interview.status === 'scheduled') await recordMeetings(deps, user, interview, interview.createdAt);
  // A moved, cancelled or reinstated meeting moves its people's dates with it.
  else await refreshMeetingDates(deps, user, interview, interview.updatedAt);
  const planned = await syncReminders(deps, interview, user);
  const change = interview.status === 'cancelled' ? 'cancelled' : interview.version === 1 ? 'new' : 'updated';
  const rendered = renderConfirmation({
    user,
    interview,
    change,
    ...(previous ? { previous } : {}),
    ...(planned.get('prep-brief') ? { prepBriefAtUtc: planned.get('prep-brief')!.toISOString() } : {}),
    ...(planned.get('thank-you') ? { thankYouAtUtc: planned.get('thank-you')!.toISOString() } : {}),
    timeZoneInferred: user.timeZoneSource === 'inferred',
    ...(change === 'new' && event.invitation.timeNote ? { timeNote: event.invitation.timeNote } : {}),
    domain: deps.config.domain,
  });
  const envelope = {
    to: user.email,
    replyTo: { kind: 'confirmation', userId: user.userId, interviewId },
    thread: interview.threadMessageId,
    autoSubmitted: 'auto-replied',
  } as const;
  await sendOnce(deps, user.userId, `confirmation#${interviewId}#${interview.version}`, await outboundEmail(deps, envelope, rendered));
}

/** Not an error and nothing lost: say why nothing changed, so the forward does not go unanswered. */
async function answerUnchanged(event: EventContext, existing: Interview, kept: string): Promise<LogOutcome> {
  const { deps, user, interviewId } = event;
  deps.log.info('invitation copy does not change the interview', { interviewId, sequence: event.sequence, stored: existing.sequence });
  await answer(
    event,
    renderReplyAck({
      user,
      interview: existing,
      understood: [kept],
      problems: [],
      offeredReferrals: [],
      domain: deps.config.domain,
    }),
    { kind: 'help', interviewId },
  );
  return { outcome: 'stale', interviewId };
}

async function cancelInterview(event: EventContext): Promise<LogOutcome> {
  const { deps, user, message, existing, interviewId, calendarUid, sequence, now } = event;
  if (!existing) {
    const notStored: Interview = {
      ...event.described,
      userId: user.userId,
      interviewId,
      calendarUid,
      sequence,
      version: 1,
      status: 'cancelled',
      createdAt: now,
      updatedAt: now,
      ...(message.messageId ? { threadMessageId: message.messageId } : {}),
    };
    await answer(
      event,
      renderConfirmation({
        user,
        interview: notStored,
        change: 'cancelled',
        timeZoneInferred: user.timeZoneSource === 'inferred',
        domain: deps.config.domain,
      }),
    );
    return { outcome: 'nothing-to-cancel' };
  }
  if (existing.status === 'cancelled') {
    await finish(event, existing);
    return { outcome: 'unchanged', interviewId };
  }
  const cancelled: Interview = { ...existing, sequence, status: 'cancelled', version: existing.version + 1, updatedAt: now };
  await writeInterview(deps, cancelled, existing.version);
  await finish(event, cancelled);
  return { outcome: 'cancelled', interviewId };
}

async function updateInterview(event: EventContext, existing: Interview): Promise<LogOutcome> {
  const { deps, user, times, interviewId, calendarUid, sequence, now } = event;
  const moved = existing.startUtc !== times.startUtc || existing.endUtc !== times.endUtc;
  const reinstated = existing.status === 'cancelled';
  if (!moved && !reinstated && sequence === existing.sequence) {
    await finish(event, existing);
    return { outcome: 'unchanged', interviewId };
  }
  // What the user corrected by reply (contact, company, role) survives an update of the invitation.
  const updated: Interview = {
    ...event.described,
    ...pickCorrections(existing),
    userId: user.userId,
    interviewId,
    calendarUid,
    sequence,
    status: reinstated ? 'scheduled' : existing.status,
    version: moved || reinstated ? existing.version + 1 : existing.version,
    createdAt: existing.createdAt,
    updatedAt: now,
    ...(existing.threadMessageId ? { threadMessageId: existing.threadMessageId } : {}),
    ...(existing.thankYouSentAt ? { thankYouSentAt: existing.thankYouSentAt } : {}),
  };
  await writeInterview(deps, updated, existing.version);
  await finish(event, updated, { startUtc: existing.startUtc, endUtc: existing.endUtc });
  return { outcome: 'updated', interviewId };
}

async function createInterview(event: EventContext): Promise<LogOutcome> {
  const { deps, user, message, interviewId, calendarUid, sequence, now } = event;
  const interview: Interview = {
    ...event.described,
    userId: user.userId,
    interviewId,
    calendarUid,
    sequence,
    version: 1,
    status: 'scheduled',
    createdAt: now,
    updatedAt: now,
    ...(message.messageId ? { threadMessageId: message.messageId.slice(0, 998) } : {}),
  };
  await writeInterview(deps, interview, undefined);
  await deps.store.addToTotals(user.userId, { interviewsLogged: 1 });
  await finish(event, interview);
  return { outcome: 'created', interviewId };
}

/**
 * Why a forwarded copy leaves the stored interview as it is, if it does. State stays the user's:
 * only a newer SEQUENCE changes what the user changed by reply (a reschedule, a cancel), and an
 * old copy of a cancelled invitation is answered as cancelled.
 */
function whyItStays(existing: Interview, sequence: number, isCancel: boolean, user: User): string | undefined {
  const when = formatDateTime(existing.startUtc, user.timeZone);
  if (sequence < existing.sequence) {
    return existing.status === 'cancelled'
      ? 'This is an older copy of an invitation that was cancelled, so nothing changed: it stays cancelled.'
      : `This is an older version of the invitation than the one already logged, so nothing changed: it stays on ${when}.`;
  }
  if (sequence > existing.sequence || isCancel) return undefined;
  if (existing.status === 'cancelled') {
    return 'You cancelled this interview, and this copy is the same version of the invitation, so it stays cancelled. Reply "reschedule <when>" to bring it back.';
  }
  if (existing.rescheduledAt) {
    return `You moved this interview to ${when} yourself, and this copy is the same version of the invitation, so it stays there. Only a newer version of the invitation moves it.`;
  }
  return undefined;
}

/** A concurrent writer got there first: the retry (Lambda's, or the user's next forward) sees its result. */
async function writeInterview(deps: Deps, interview: Interview, expectedVersion: number | undefined): Promise<void> {
  try {
    await deps.store.putInterview(Interview.parse(interview), expectedVersion);
  } catch (error) {
    if (error instanceof ConditionFailedError)
      throw new Error(`interview ${interview.interviewId} changed concurrently; retry`, { cause: error });
    throw error;
  }
}

function pickCorrections(existing: Interview): Partial<Interview> {
  return {
    ...(existing.contact ? { contact: existing.contact } : {}),
    ...(existing.company ? { company: existing.company } : {}),
    ...(existing.role ? { role: existing.role } : {}),
  };
}
