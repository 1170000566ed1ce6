import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { Interview, isIanaZone, type User } from '../domain/model';
import { parseReply, type ReplyCommand } from '../domain/reply-commands';
import type { InboundMail } from '../mail/inbound/inbound-mail';
import { renderReplyAck } from '../mail/outbound/emails/reply-ack';
import { replyAddress, type ReplyTarget } from '../mail/reply-token';
import { fromAddress, type Deps } from './deps';
import { syncReminders } from './reminders';
import { syncDigestSchedule } from './digest-schedule';
import { sendOnce, threadHeaders } from './send-once';

export type ReplyOutcome = { outcome: 'applied'; understood: string[]; problems: string[] } | { outcome: 'ignored'; why: string };

/**
 * A reply to one of Rapport's emails: commands change the interview or the profile, everything
 * else is kept as a note, and the user gets a short acknowledgement of what was understood.
 */
export async function handleReply(deps: Deps, message: InboundMail, target: ReplyTarget | undefined, messageKey: string): Promise<ReplyOutcome> {
  const sender = message.from!;
  const ownerId = await deps.store.findUserIdByEmail(sender.address);
  const user = ownerId ? await deps.store.getUser(ownerId) : undefined;
  if (!user) return { outcome: 'ignored', why: 'reply from an unknown sender' };
  // A token signed for another user is never acted on, whoever forwards it.
  if (target && target.userId !== user.userId) return { outcome: 'ignored', why: 'token belongs to another user' };

  const parsed = parseReply(message.replyText);
  const interview = target?.interviewId ? await deps.store.getInterview(user.userId, target.interviewId) : undefined;
  const state: ReplyState = { user, interview, deleted: false, userChanged: false, interviewChanged: false, remindersChanged: false, understood: [], problems: [...parsed.problems] };
  if (!target) state.problems.push('That reply address was not one Rapport recognises, so I could not tell which interview you meant.');

  for (const command of parsed.commands) await apply(deps, state, command);

  if (parsed.note) {
    if (state.interview) {
      await deps.store.addNote({ userId: user.userId, interviewId: state.interview.interviewId, createdAt: deps.clock.now().toISOString(), text: parsed.note });
      state.understood.push('Saved your note.');
    } else {
      state.problems.push('Notes are kept per interview: reply to the confirmation, prep brief or thank-you email of that interview.');
    }
  }
  const offered = parsed.mentionedAddresses.map((m) => (m.name ? `${m.name} <${m.email}>` : m.email));

  if (state.userChanged) await deps.store.putUser(state.user);
  // Conditional on the version read above: a concurrent change makes this throw, and the retry starts over.
  if (state.interview && interview && state.interviewChanged) await deps.store.putInterview(Interview.parse(state.interview), interview.version);
  if (state.interview && state.remindersChanged) await syncReminders(deps, state.interview, state.user);
  if (!state.deleted && state.user.timeZone !== user.timeZone) await resyncUpcoming(deps, state.user);
  if (!state.deleted && (state.user.timeZone !== user.timeZone || state.user.digest !== user.digest)) await syncDigestSchedule(deps, state.user);

  if (state.understood.length === 0 && state.problems.length === 0 && offered.length === 0) {
    state.problems.push('Your reply looked empty, so nothing changed.');
  }
  const ack = {
    from: fromAddress(deps.config),
    to: user.email,
    replyTo: replyAddress(
      { kind: state.interview && target && target.kind !== 'digest' ? target.kind : 'help', userId: user.userId, ...(state.interview ? { interviewId: state.interview.interviewId } : {}) },
      deps.config.domain,
      deps.config.tokenSecret,
    ),
    ...threadHeaders(message.messageId),
    autoSubmitted: 'auto-replied',
    ...renderReplyAck({ user: state.user, ...(state.interview ? { interview: state.interview } : {}), understood: state.understood, problems: state.problems, offeredReferrals: offered, domain: deps.config.domain }),
  } as const;
  // After "delete my data" there is no partition to keep a send marker in; the inbound claim already makes this once.
  if (state.deleted) await deps.mailer.send(ack);
  else await sendOnce(deps, user.userId, `ack#${messageKey}`, ack);
  return { outcome: 'applied', understood: state.understood, problems: state.problems };
}

interface ReplyState {
  user: User;
  deleted: boolean;
  interview: Interview | undefined;
  userChanged: boolean;
  interviewChanged: boolean;
  remindersChanged: boolean;
  understood: string[];
  problems: string[];
}

async function apply(deps: Deps, state: ReplyState, command: ReplyCommand): Promise<void> {
  const now = deps.clock.now();
  if (command.type === 'pitch') {
    state.user = { ...state.user, pitch: command.value };
    state.userChanged = true;
    state.understood.push('Saved your elevator pitch; it will be in every prep brief.');
    return;
  }
  if (command.type === 'timezone') {
    if (!isIanaZone(command.value)) {
      state.problems.push(`"${command.value}" is not a time zone I know. Use a name like Europe/Berlin or America/New_York.`);
      return;
    }
    state.user = { ...state.user, timeZone: command.value, timeZoneSource: 'set' };
    state.userChanged = true;
    state.understood.push(`Times are now shown in ${command.value}.`);
    return;
  }
  if (command.type === 'digest') {
    state.user = { ...state.user, digest: command.off ? { ...state.user.digest, enabled: false } : { enabled: true, weekday: command.weekday, time: command.time } };
    state.userChanged = true;
    state.understood.push(command.off ? 'The weekly digest is off.' : `The weekly digest will come on ${DateTime.fromObject({ weekday: command.weekday as 1 }).toFormat('cccc')}s at ${command.time}.`);
    return;
  }
  if (command.type === 'delete-data') {
    if (!command.confirmed) {
      state.understood.push('You asked to delete your data. To confirm, reply with exactly: yes, delete my data');
      return;
    }
    await deleteEverything(deps, state.user);
    state.understood.push('Deleted everything Rapport kept about you. Forward an invitation any time to start again.');
    state.interview = undefined;
    state.userChanged = false;
    state.interviewChanged = false;
    state.remindersChanged = false;
    state.deleted = true;
    return;
  }

  const interview = state.interview;
  if (!interview) {
    state.problems.push(`"${command.type}" needs an interview: reply to an email about that interview.`);
    return;
  }
  const update = (changes: Partial<Interview>, moveReminders: boolean) => {
    state.interview = { ...interview, ...changes, version: moveReminders ? interview.version + 1 : interview.version, updatedAt: now.toISOString() };
    state.interviewChanged = true;
    state.remindersChanged ||= moveReminders;
  };
  switch (command.type) {
    case 'sent':
      update({ thankYouSentAt: now.toISOString() }, false);
      state.remindersChanged = true;
      state.understood.push('Marked the thank-you as sent. No more nudges for this one.');
      return;
    case 'cancel':
      update({ status: 'cancelled' }, true);
      state.understood.push('Cancelled the interview; its reminders are stopped.');
      return;
    case 'done':
      update({ status: 'done' }, false);
      state.remindersChanged = true;
      state.understood.push('Marked the interview as done.');
      return;
    case 'no-show':
      update({ status: 'no-show' }, true);
      state.understood.push('Marked as a no-show; no thank-you draft will come.');
      return;
    case 'company':
      update({ company: command.value }, false);
      state.understood.push(`Company set to ${command.value}.`);
      return;
    case 'role':
      update({ role: command.value }, false);
      state.understood.push(`Role set to ${command.value}.`);
      return;
    case 'contact': {
      const email = command.email ?? interview.contact?.email;
      if (!email) {
        state.problems.push('contact: add their email address, e.g. "contact: Jane Doe <jane@acme.com>".');
        return;
      }
      update({ contact: { email, ...(command.name ? { name: command.name } : interview.contact?.name && !command.email ? { name: interview.contact.name } : {}) } }, false);
      state.understood.push(`Contact set to ${command.name ? `${command.name} <${email}>` : email}.`);
      return;
    }
    case 'referral':
      await deps.store.putContact({
        userId: state.user.userId,
        email: command.email,
        ...(command.name ? { name: command.name } : {}),
        source: 'referral',
        fromInterviewId: interview.interviewId,
        ...(command.context ? { context: command.context } : {}),
        createdAt: now.toISOString(),
      });
      state.understood.push(`Saved the referral ${command.name ? `${command.name} <${command.email}>` : command.email}.`);
      return;
    case 'reschedule': {
      const start = readWhen(command.when, state.user.timeZone, now);
      if (!start) {
        state.problems.push(`I could not read "${command.when}" as a date and time. Try "reschedule Tue 3 Dec 15:00".`);
        return;
      }
      const duration = new Date(interview.endUtc).getTime() - new Date(interview.startUtc).getTime();
      update({ startUtc: start.toISOString().replace('.000Z', 'Z'), endUtc: new Date(start.getTime() + duration).toISOString().replace('.000Z', 'Z'), status: 'scheduled' }, true);
      state.understood.push(`Moved the interview to ${DateTime.fromJSDate(start, { zone: state.user.timeZone }).toFormat('ccc d LLL yyyy, HH:mm ZZZZ')} (${state.user.timeZone}); the reminders moved with it.`);
      return;
    }
  }
}

/** Natural language in the user's zone, always in the future ("Tue 15:00" is next Tuesday). */
function readWhen(text: string, zone: string, now: Date): Date | undefined {
  const offset = DateTime.fromJSDate(now, { zone }).offset;
  const result = chrono.parse(text, { instant: now, timezone: offset }, { forwardDate: true })[0];
  if (!result || !result.start.isCertain('hour')) return undefined;
  const c = result.start;
  // Rebuild in the zone itself so a date on the other side of a DST change gets its own offset.
  const local = DateTime.fromObject(
    { year: c.get('year')!, month: c.get('month')!, day: c.get('day')!, hour: c.get('hour')!, minute: c.get('minute') ?? 0 },
    { zone },
  );
  return local.isValid ? local.toJSDate() : undefined;
}

async function resyncUpcoming(deps: Deps, user: User): Promise<void> {
  const now = deps.clock.now();
  const upcoming = await deps.store.listInterviews(user.userId, { fromUtc: new Date(now.getTime() - 2 * 86_400_000).toISOString(), toUtc: '9999-12-31T00:00:00Z' });
  for (const interview of upcoming) await syncReminders(deps, interview, user);
}

async function deleteEverything(deps: Deps, user: User): Promise<void> {
  const all = await deps.store.listInterviews(user.userId, { fromUtc: '0000-01-01T00:00:00Z', toUtc: '9999-12-31T00:00:00Z' });
  for (const interview of all) await syncReminders(deps, { ...interview, status: 'cancelled' }, user);
  await syncDigestSchedule(deps, { ...user, digest: { ...user.digest, enabled: false } });
  await deps.store.deleteUserData(user.userId);
}
