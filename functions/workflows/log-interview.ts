import { boundedText, optionalText } from '../commons/bounded-text';
import { DateTime } from 'luxon';
import { interviewIdFor } from '../domain/ids';
import { EmailAddress, Interview, isIanaZone, LIMITS, type PendingInvitation, type Person, type User } from '../domain/model';
import { chooseContact, guessCompany } from '../domain/people';
import type { InboundMail, InvitationSummary } from '../mail/inbound/inbound-mail';
import { renderConfirmation } from '../mail/outbound/emails/confirmation';
import { renderNeedsTime } from '../mail/outbound/emails/needs-time';
import { renderNoInvitation } from '../mail/outbound/emails/no-invitation';
import type { RenderedEmail } from '../mail/outbound/emails/shared';
import { renderReplyAck } from '../mail/outbound/emails/reply-ack';
import { ConditionFailedError } from '../ports';
import type { ReplyTarget } from '../mail/reply-token';
import { fromAddress, replyAddressFor, type Deps } from './deps';
import { ensureUser } from './ensure-user';
import { recordMeetings } from './contacts';
import { syncReminders } from './reminders';
import { sendOnce, threadHeaders } from './send-once';

/** An invitation with a start and no end is taken to last this long: the usual informational interview. */
export const DEFAULT_DURATION_MINUTES = 30;
/** How long "When is it?" can be answered by reply; later, forwarding again still works. */
const PENDING_TTL_SECONDS = 60 * 24 * 3600;

/** What the user said beside the invitation (an answer's "from Acme"), which wins over a guess. */
export interface LogOverrides {
  company?: string;
}

export type LogOutcome =
  | { outcome: 'created' | 'updated' | 'cancelled'; interviewId: string }
  | { outcome: 'unchanged' | 'stale'; interviewId: string }
  | { outcome: 'no-invitation' | 'needs-time' | 'unreadable' | 'nothing-to-cancel' };

interface Times {
  startUtc: string;
  endUtc: string;
}

/**
 * A forwarded (or directly sent) invitation → the interview it describes, its reminders and a
 * confirmation. Idempotent on the calendar UID: the same invitation twice is one interview and
 * one confirmation; a higher SEQUENCE updates, CANCEL cancels, an older one changes nothing.
 */
export async function logInterview(deps: Deps, message: InboundMail, messageKey: string, overrides: LogOverrides = {}): Promise<LogOutcome> {
  const sender = message.from!;
  const extracted = message.invitation;
  const invitation = extracted.ok ? extracted.invitation : undefined;

  const { user } = await ensureUser(deps, {
    address: sender.address,
    ...(sender.name ? { name: sender.name } : {}),
    ...(invitation?.timeZone ? { eventZone: invitation.timeZone } : {}),
    ...(message.dateOffsetMinutes !== undefined && message.date ? { dateOffsetMinutes: message.dateOffsetMinutes, date: new Date(message.date) } : {}),
  });

  const answer = (key: string, rendered: { subject: string; text: string; html: string }, target: Omit<ReplyTarget, 'userId'> = { kind: 'help' }) =>
    sendOnce(deps, user.userId, key, {
      from: fromAddress(deps.config),
      to: user.email,
      replyTo: replyAddressFor(deps, { ...target, userId: user.userId }),
      ...threadHeaders(message.messageId),
      autoSubmitted: 'auto-replied',
      ...rendered,
    });
  // The question's reply token names what was found, so an answer with the time can log it.
  const askForTime = async (pending: Omit<PendingInvitation, 'userId' | 'pendingId' | 'createdAt'>, rendered: { subject: string; text: string; html: string }) => {
    const pendingId = interviewIdFor(user.userId, `pending:${messageKey}`);
    await deps.store.putPendingInvitation({ ...pending, userId: user.userId, pendingId, createdAt: deps.clock.now().toISOString() }, PENDING_TTL_SECONDS);
    await answer(`reply#${messageKey}`, rendered, { kind: 'pending', interviewId: pendingId });
  };

  if (!extracted.ok) {
    const domain = deps.config.domain;
    const title = optionalText(extracted.reason === 'no-time' ? extracted.title : cleanSubject(message.subject), LIMITS.title);
    const answers: Record<typeof extracted.reason, () => { outcome: 'needs-time' | 'no-invitation' | 'unreadable'; rendered: RenderedEmail }> = {
      'no-time': () => ({ outcome: 'needs-time', rendered: renderNeedsTime({ user, title: extracted.title, domain }) }),
      'no-invitation': () => ({ outcome: 'no-invitation', rendered: renderNoInvitation({ user, domain, subject: message.subject }) }),
      // Over a read limit: say which, so the sender knows what to send instead.
      unreadable: () => ({ outcome: 'unreadable', rendered: renderNoInvitation({ user, domain, subject: message.subject, problem: extracted.detail }) }),
    };
    const { outcome, rendered } = answers[extracted.reason]();
    await askForTime({ ...(title ? { title } : {}), attendees: [] }, rendered);
    return { outcome };
  }

  const times = timesOf(extracted.invitation, user);
  if (!times) {
    const pending = pendingFrom(extracted.invitation);
    const day = pending.day ? DateTime.fromISO(pending.day).toFormat('ccc d LLL yyyy') : undefined;
    await askForTime(pending, renderNeedsTime({ user, title: invitation?.title, ...(day ? { day } : {}), domain: deps.config.domain }));
    return { outcome: 'needs-time' };
  }

  if (extracted.invitation.source === 'text' && times.startUtc < deps.clock.now().toISOString()) {
    // A time read from prose that has already passed is more likely misread than meant: ask.
    const when = DateTime.fromISO(times.startUtc, { zone: user.timeZone }).toFormat('ccc d LLL yyyy, HH:mm ZZZZ');
    const question = `The time I read, ${when}, is in the past, so nothing was logged. When is it? Reply to this email with the date and time, e.g. "Thu 12 Dec 15:00, 30 minutes".`;
    await askForTime(pendingFrom(extracted.invitation), renderReplyAck({ user, understood: [], problems: [question], offeredReferrals: [], domain: deps.config.domain }));
    return { outcome: 'needs-time' };
  }

  const calendarUid = (extracted.invitation.uid ?? `no-uid:${times.startUtc}:${extracted.invitation.title ?? ''}`).slice(0, LIMITS.calendarUid);
  const interviewId = interviewIdFor(user.userId, calendarUid);
  const existing = await deps.store.getInterview(user.userId, interviewId);
  const isCancel = extracted.invitation.method?.toUpperCase() === 'CANCEL' || extracted.invitation.status?.toUpperCase() === 'CANCELLED';
  const sequence = extracted.invitation.sequence ?? 0;
  const now = deps.clock.now().toISOString();

  const kept = existing ? whyItStays(existing, sequence, isCancel, user) : undefined;
  if (existing && kept) {
    // Not an error and nothing lost: say why nothing changed, so the forward does not go unanswered.
    deps.log.info('invitation copy does not change the interview', { interviewId, sequence, stored: existing.sequence });
    await answer(
      `reply#${messageKey}`,
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

  const described = { ...describe(extracted.invitation, user, times), ...(overrides.company ? { company: overrides.company } : {}) };
  const confirmationReplyTo = replyAddressFor(deps, { kind: 'confirmation', userId: user.userId, interviewId });
  /**
   * Every step after the write, each safe to repeat, run whether this delivery wrote the
   * interview or an earlier one did ("already stored" is not "already done"): a retry after a
   * failed schedule or confirmation completes them, and a confirmation already sent is not sent
   * again (its send key names the version).
   */
  const finish = async (interview: Interview, previous?: Times) => {
    // Everyone in it becomes a contact; safe to repeat, so a retry finishes what a failed run began.
    if (interview.version === 1 && interview.status === 'scheduled') await recordMeetings(deps, user, interview, interview.createdAt);
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
      domain: deps.config.domain,
    });
    await sendOnce(deps, user.userId, `confirmation#${interviewId}#${interview.version}`, {
      from: fromAddress(deps.config),
      to: user.email,
      replyTo: confirmationReplyTo,
      ...threadHeaders(interview.threadMessageId),
      autoSubmitted: 'auto-replied',
      ...rendered,
    });
  };

  if (isCancel) {
    if (!existing) {
      const notStored: Interview = { ...described, userId: user.userId, interviewId, calendarUid, sequence, version: 1, status: 'cancelled', createdAt: now, updatedAt: now, ...(message.messageId ? { threadMessageId: message.messageId } : {}) };
      await answer(`reply#${messageKey}`, renderConfirmation({ user, interview: notStored, change: 'cancelled', timeZoneInferred: user.timeZoneSource === 'inferred', domain: deps.config.domain }));
      return { outcome: 'nothing-to-cancel' };
    }
    if (existing.status === 'cancelled') {
      await finish(existing);
      return { outcome: 'unchanged', interviewId };
    }
    const cancelled: Interview = { ...existing, sequence, status: 'cancelled', version: existing.version + 1, updatedAt: now };
    await writeInterview(deps, cancelled, existing.version);
    await finish(cancelled);
    return { outcome: 'cancelled', interviewId };
  }

  if (existing) {
    const moved = existing.startUtc !== times.startUtc || existing.endUtc !== times.endUtc;
    const reinstated = existing.status === 'cancelled';
    if (!moved && !reinstated && sequence === existing.sequence) {
      await finish(existing);
      return { outcome: 'unchanged', interviewId };
    }
    // What the user corrected by reply (contact, company, role) survives an update of the invitation.
    const updated: Interview = {
      ...described,
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
    await finish(updated, { startUtc: existing.startUtc, endUtc: existing.endUtc });
    return { outcome: 'updated', interviewId };
  }

  const interview: Interview = {
    ...described,
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
  await finish(interview);
  return { outcome: 'created', interviewId };
}

/**
 * Why a forwarded copy leaves the stored interview as it is, if it does. State stays the user's:
 * only a newer SEQUENCE changes what the user changed by reply (a reschedule, a cancel), and an
 * old copy of a cancelled invitation is answered as cancelled.
 */
function whyItStays(existing: Interview, sequence: number, isCancel: boolean, user: User): string | undefined {
  const when = `${DateTime.fromISO(existing.startUtc, { zone: user.timeZone }).toFormat('ccc d LLL yyyy, HH:mm ZZZZ')} (${user.timeZone})`;
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
    if (error instanceof ConditionFailedError) throw new Error(`interview ${interview.interviewId} changed concurrently; retry`, { cause: error });
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

/**
 * UTC start and end. Floating times are the user's local time; an all-day event has no time of
 * day to prepare for, so it is treated as unknown and the user is asked.
 */
function timesOf(invitation: InvitationSummary, user: User): Times | undefined {
  let start: DateTime | undefined;
  let end: DateTime | undefined;
  if (invitation.startUtc) {
    start = DateTime.fromISO(invitation.startUtc, { zone: 'utc' });
    if (invitation.endUtc) end = DateTime.fromISO(invitation.endUtc, { zone: 'utc' });
  } else if (invitation.startLocal) {
    start = DateTime.fromISO(invitation.startLocal, { zone: user.timeZone }).toUTC();
    if (invitation.endLocal) end = DateTime.fromISO(invitation.endLocal, { zone: user.timeZone }).toUTC();
  }
  if (!start?.isValid) return undefined;
  if (!end?.isValid || end <= start) end = start.plus({ minutes: DEFAULT_DURATION_MINUTES });
  return { startUtc: isoUtc(start), endUtc: isoUtc(end) };
}

function isoUtc(value: DateTime): string {
  return value.toUTC().toISO({ suppressMilliseconds: true })!;
}

type Described = Omit<Interview, 'userId' | 'interviewId' | 'calendarUid' | 'sequence' | 'version' | 'status' | 'createdAt' | 'updatedAt' | 'threadMessageId' | 'thankYouSentAt'>;

function person(email: string | undefined, name: string | undefined): Person | undefined {
  // The model's own rule decides what an address is, so what is kept always validates on write.
  const address = EmailAddress.safeParse(email ?? '');
  if (!address.success) return undefined;
  const cleanName = optionalText(name, LIMITS.name);
  return { email: address.data, ...(cleanName ? { name: cleanName } : {}) };
}

/** What is known of an invitation without a usable time, kept until the user says when. */
function pendingFrom(invitation: InvitationSummary): Omit<PendingInvitation, 'userId' | 'pendingId' | 'createdAt'> {
  const organizer = person(invitation.organizerEmail, invitation.organizerName);
  const title = optionalText(invitation.title, LIMITS.title);
  const location = optionalText(invitation.location, LIMITS.location);
  const videoUrl = invitation.videoUrl && isHttpUrl(invitation.videoUrl) ? boundedText(invitation.videoUrl, LIMITS.url) : undefined;
  const day = invitation.startDate && /^\d{4}-\d{2}-\d{2}$/.test(invitation.startDate) ? invitation.startDate : undefined;
  return {
    ...(title ? { title } : {}),
    ...(invitation.uid ? { calendarUid: invitation.uid.slice(0, LIMITS.calendarUid) } : {}),
    ...(invitation.sequence !== undefined ? { sequence: invitation.sequence } : {}),
    ...(organizer ? { organizer } : {}),
    attendees: invitation.attendees.flatMap((a) => person(a.email, a.name) ?? []).slice(0, LIMITS.attendees),
    ...(location ? { location } : {}),
    ...(videoUrl ? { videoUrl } : {}),
    ...(invitation.timeZone && isIanaZone(invitation.timeZone) ? { eventTimeZone: invitation.timeZone } : {}),
    ...(day ? { day } : {}),
  };
}

/** "Fwd: Re: lunch?" → "lunch?": the subject of a forward without an invitation, as a title. */
function cleanSubject(subject: string | undefined): string | undefined {
  return subject?.trimStart().replace(/^(?:(?:re|fwd?|fw|aw|wg|tr|sv|vs|rv|enc)\s*:\s*)+/i, '').trim() || undefined;
}

/** The invitation's fields, bounded and validated, with the other party picked out. */
function describe(invitation: InvitationSummary, user: User, times: Times): Described {
  const organizer = person(invitation.organizerEmail, invitation.organizerName);
  const attendees = invitation.attendees
    .map((a) => ({ person: person(a.email, a.name), kind: a.kind }))
    .filter((a): a is { person: Person; kind: typeof a.kind } => a.person !== undefined)
    .slice(0, LIMITS.attendees);
  const contactParticipant = chooseContact({
    userEmails: [user.email],
    ...(organizer ? { organizer } : {}),
    attendees: attendees.map((a) => ({ ...a.person, ...(a.kind ? { kind: a.kind } : {}) })),
  });
  const contact = contactParticipant ? { email: contactParticipant.email, ...(contactParticipant.name ? { name: contactParticipant.name } : {}) } : undefined;
  const company = contact ? guessCompany(contact.email) : undefined;
  const videoUrl = invitation.videoUrl && isHttpUrl(invitation.videoUrl) ? boundedText(invitation.videoUrl, LIMITS.url) : undefined;
  const location = optionalText(invitation.location, LIMITS.location);
  return {
    title: boundedText(invitation.title ?? '', LIMITS.title),
    startUtc: times.startUtc,
    endUtc: times.endUtc,
    ...(invitation.timeZone ? { eventTimeZone: invitation.timeZone } : {}),
    allDay: false,
    ...(location ? { location } : {}),
    ...(videoUrl ? { videoUrl } : {}),
    ...(organizer ? { organizer } : {}),
    attendees: othersThanUser(organizer, attendees, user),
    ...(contact ? { contact } : {}),
    ...(company ? { company } : {}),
  };
}

/**
 * Everyone the user meets, organizer first: a panel chat keeps every person on the invitation
 * except the user themselves and rooms or resources, each once.
 */
function othersThanUser(organizer: Person | undefined, attendees: { person: Person; kind: string | undefined }[], user: User): Person[] {
  const seen = new Set([user.email.toLowerCase()]);
  const people = [...(organizer ? [organizer] : []), ...attendees.filter((a) => a.kind !== 'room' && a.kind !== 'resource').map((a) => a.person)];
  return people.filter((p) => !seen.has(p.email) && seen.add(p.email)).slice(0, LIMITS.attendees);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
