import { formatDateTime, isoWeekdayName } from '../commons/format-time';
import type { ReportKind } from '../domain/follow-up-commands';
import { type ActionList, type Contact, type Interview, type User } from '../domain/model';
import { digestOutsideQuietHours, quietHoursText } from '../domain/time-rules';
import { readWhen } from '../domain/when-text';
import { readZoneName } from '../domain/zone-names';
import type { ReplyCommand } from '../domain/reply-commands';
import { DELETE_CONFIRMATION_MAX_AGE_DAYS, type TokenKind } from '../domain/reply-token';
import { deleteUser } from './delete-user';
import type { Deps } from './deps';
import { saveContact } from './contacts';
import { alsoRefusal } from './other-addresses';
import { applyItemAction, FOLLOW_UP_HANDLERS } from './follow-up-handlers';

/** What a reply changes, gathered while its commands run and written once at the end (handle-reply.ts). */
export interface ReplyState {
  user: User;
  /** The kind of email this reply answers: only a reply to a delete confirmation deletes. */
  tokenKind: TokenKind;
  deleted: boolean;
  /** "delete my data" was asked for without confirming: the answer is the confirmation request. */
  deleteRequested: boolean;
  interview: Interview | undefined;
  userChanged: boolean;
  interviewChanged: boolean;
  remindersChanged: boolean;
  understood: string[];
  problems: string[];
  /** The numbered items of the email replied to (digest, contacts, keep-in-touch, referral). */
  actions?: ActionList;
  /** `list`, `contacts`, `export`: answered by their own email after the acknowledgement. */
  reports: ReportKind[];
  /** Referrals saved by this reply: each gets its introduction-request draft after the acknowledgement. */
  intros: Contact[];
  /** Addresses asked for with `also:`: each is mailed a confirmation request after the acknowledgement. */
  addressesToConfirm: string[];
  /** The thank-you was marked sent by this reply: the contact's first follow-up is set once it is written. */
  thankYouSent: boolean;
}

/** What one command does to the reply's state; `now` is the reply's one reading of the clock. */
type Handler<C> = (deps: Deps, state: ReplyState, command: C, now: Date) => Promise<void>;

/**
 * One handler per command type of `C`. A mapped type over the union, so a command added to
 * `ReplyCommand` without a handler fails the type check instead of compiling and doing nothing
 * (test/types/dispatch-tables.ts shows it).
 */
export type ReplyCommandHandlers<C extends { type: string } = ReplyCommand> = {
  [T in C['type']]: Handler<Extract<C, { type: T }>>;
};

/** What a command about one interview gets: the interview as the reply found it, and how to change it. */
interface InterviewChange {
  deps: Deps;
  state: ReplyState;
  now: Date;
  interview: Interview;
  /** Applies changes; `moveReminders` bumps the version, so schedules made for the old one go stale. */
  update(changes: Partial<Interview>, moveReminders: boolean): void;
}

/** A command that needs an interview: refused with a reason when the reply is not about one. */
function onInterview<C extends ReplyCommand>(handle: (command: C, change: InterviewChange) => Promise<void> | void): Handler<C> {
  return async (deps, state, command, now) => {
    const interview = state.interview;
    if (!interview) {
      state.problems.push(`"${command.type}" needs an interview: reply to an email about that interview.`);
      return;
    }
    const update = (changes: Partial<Interview>, moveReminders: boolean) => {
      state.interview = {
        ...interview,
        ...changes,
        version: moveReminders ? interview.version + 1 : interview.version,
        updatedAt: now.toISOString(),
      };
      state.interviewChanged = true;
      state.remindersChanged ||= moveReminders;
    };
    await handle(command, { deps, state, now, interview, update });
  };
}

function named(person: { name?: string; email: string }): string {
  return person.name ? `${person.name} <${person.email}>` : person.email;
}

const markThankYouSent = onInterview<Extract<ReplyCommand, { type: 'sent' }>>((_command, { state, now, update }) => {
  update({ thankYouSentAt: now.toISOString() }, false);
  state.remindersChanged = true;
  state.thankYouSent = true;
  state.understood.push('Marked the thank-you as sent. No more nudges for this one.');
});

const markDone = onInterview<Extract<ReplyCommand, { type: 'done' }>>((_command, { state, update }) => {
  update({ status: 'done' }, false);
  state.remindersChanged = true;
  state.understood.push('Marked the interview as done.');
});

/** Every reply command and what it does. */
export const REPLY_COMMAND_HANDLERS: ReplyCommandHandlers = {
  ...FOLLOW_UP_HANDLERS,
  pitch: async (_deps, state, command) => {
    state.user = { ...state.user, pitch: command.value };
    state.userChanged = true;
    state.understood.push('Saved your elevator pitch; it will be in every prep brief.');
  },
  name: async (_deps, state, command) => {
    state.user = { ...state.user, name: command.value };
    state.userChanged = true;
    state.understood.push(`Your thank-you drafts will be signed "${command.value}".`);
  },
  'thank-you-tone': async (_deps, state, command) => {
    state.user = { ...state.user, thankYouTone: command.tone };
    state.userChanged = true;
    state.understood.push(`Your thank-you drafts will be ${command.tone}.`);
  },
  timezone: async (_deps, state, command) => {
    const reading = readZoneName(command.value);
    if (!reading) {
      state.problems.push(
        `"${command.value}" is not a time zone I know. Use a city or a name like Europe/Berlin, America/New_York, "Eastern Time" or "UTC+1".`,
      );
      return;
    }
    state.user = { ...state.user, timeZone: reading.zone, timeZoneSource: 'set' };
    state.userChanged = true;
    const how =
      reading.readAs === 'iana'
        ? ''
        : ` (that is how I read "${command.value}"${reading.readAs === 'offset' ? ': a fixed offset, without daylight saving' : ''}; reply "timezone: <zone>" if you meant another)`;
    state.understood.push(`Times are now shown in ${reading.zone}${how}.`);
  },
  digest: async (_deps, state, command) => {
    state.userChanged = true;
    if (command.off) {
      state.user = { ...state.user, digest: { ...state.user.digest, enabled: false } };
      state.understood.push('The weekly digest is off.');
      return;
    }
    if ('resume' in command) {
      const slot = digestOutsideQuietHours(state.user.digest.weekday, state.user.digest.time);
      state.user = { ...state.user, digest: { enabled: true, weekday: slot.weekday, time: slot.time } };
      state.understood.push(`The weekly digest is on again: it comes on ${isoWeekdayName(slot.weekday)}s at ${slot.time}.`);
      return;
    }
    const slot = digestOutsideQuietHours(command.weekday, command.time);
    state.user = { ...state.user, digest: { enabled: true, weekday: slot.weekday, time: slot.time } };
    const quiet = slot.moved
      ? ` You asked for ${isoWeekdayName(command.weekday)} ${command.time}, which is in quiet hours (${quietHoursText()}), so it comes at the end of them instead.`
      : '';
    state.understood.push(`The weekly digest will come on ${isoWeekdayName(slot.weekday)}s at ${slot.time}.${quiet}`);
  },
  'keep-in-touch': async (_deps, state, command) => {
    state.userChanged = true;
    const { keepInTouchOff: _wasOff, ...rest } = state.user;
    state.user = command.off ? { ...rest, keepInTouchOff: true } : rest;
    state.understood.push(
      command.off
        ? 'Keep-in-touch emails are off; your digest still lists who is due. Reply “keep-in-touch: on” to have them again.'
        : 'Keep-in-touch emails are on again.',
    );
  },
  also: async (deps, state, command) => {
    const refusal = await alsoRefusal(deps, state.user, command.email);
    if (refusal) {
      state.problems.push(refusal);
      return;
    }
    state.addressesToConfirm.push(command.email);
    state.understood.push(`I emailed ${command.email}: reply to that email from that address to add it to your account.`);
  },
  'delete-data': async (deps, state, command) => {
    if (!command.confirmed || state.tokenKind !== 'delete-confirmation') {
      state.deleteRequested = true;
      state.understood.push(
        `You asked to delete your data. To confirm, reply to this email within ${DELETE_CONFIRMATION_MAX_AGE_DAYS} days with exactly: yes, delete my data`,
      );
      return;
    }
    state.understood.push(...(await deleteUser(deps, state.user)));
    state.interview = undefined;
    state.userChanged = false;
    state.interviewChanged = false;
    state.remindersChanged = false;
    state.deleted = true;
  },
  // About one person rather than an interview (a keep-in-touch or referral email), `sent` and `done` answer that item.
  sent: async (deps, state, command, now) => {
    if (!state.interview && state.actions) return applyItemAction(deps, state, undefined, { kind: 'done' }, now);
    return markThankYouSent(deps, state, command, now);
  },
  cancel: onInterview((_command, { state, update }) => {
    update({ status: 'cancelled' }, true);
    state.understood.push('Cancelled the interview; its reminders are stopped.');
  }),
  done: async (deps, state, command, now) => {
    if (!state.interview && state.actions) return applyItemAction(deps, state, undefined, { kind: 'done' }, now);
    return markDone(deps, state, command, now);
  },
  'no-show': onInterview((_command, { state, update }) => {
    update({ status: 'no-show' }, true);
    state.understood.push('Marked as a no-show; no thank-you draft will come.');
  }),
  company: onInterview((command, { state, update }) => {
    update({ company: command.value }, false);
    state.understood.push(`Company set to ${command.value}.`);
  }),
  role: onInterview((command, { state, update }) => {
    update({ role: command.value }, false);
    state.understood.push(`Role set to ${command.value}.`);
  }),
  contact: onInterview((command, { state, interview, update }) => {
    const email = command.email ?? interview.contact?.email;
    if (!email) {
      state.problems.push('contact: add their email address, e.g. "contact: Jane Doe <jane@acme.com>".');
      return;
    }
    update(
      {
        contact: {
          email,
          ...(command.name ? { name: command.name } : interview.contact?.name && !command.email ? { name: interview.contact.name } : {}),
        },
      },
      false,
    );
    state.understood.push(`Contact set to ${named({ ...(command.name ? { name: command.name } : {}), email })}.`);
  }),
  referral: onInterview(async (command, { deps, state, now, interview }) => {
    const known = await deps.store.getContact(state.user.userId, command.email);
    if (known && !known.referralState && (known.interviewIds?.length ?? 0) > 0) {
      state.understood.push(`${named(command)} is already someone you met; kept as a contact.`);
      return;
    }
    const referral: Contact = {
      ...(known ?? { createdAt: now.toISOString() }),
      userId: state.user.userId,
      email: command.email,
      ...((command.name ?? known?.name) ? { name: command.name ?? known?.name } : {}),
      source: 'referral',
      fromInterviewId: interview.interviewId,
      ...((command.context ?? known?.context) ? { context: command.context ?? known?.context } : {}),
      ...(interview.contact ? { referredBy: interview.contact } : {}),
      referralState: known?.referralState ?? 'suggested',
      updatedAt: now.toISOString(),
    };
    // Only offered, the draft asks the referrer; said as made later, the draft goes to the person.
    const { introOffered: _offeredBefore, ...made } = referral;
    const saved: Contact = command.offered && interview.contact ? { ...referral, introOffered: true } : made;
    await saveContact(deps, saved);
    if (!known) await deps.store.addToTotals(state.user.userId, { referrals: 1, contacts: 1 });
    const introductionMade = known?.introOffered && !saved.introOffered;
    if (saved.referralState === 'suggested' || introductionMade) state.intros.push(saved);
    const by = interview.contact ? (interview.contact.name ?? interview.contact.email) : undefined;
    state.understood.push(
      saved.introOffered
        ? `Saved the referral ${named(command)}: ${by} offered to introduce you. A draft asking ${by} for the introduction follows in a separate email.`
        : `Saved the referral ${named(command)}${by ? `, referred by ${by}` : ''}. An introduction-request draft follows in a separate email.`,
    );
  }),
  reschedule: onInterview((command, { state, now, interview, update }) => {
    const reading = readWhen(command.when, { zone: state.user.timeZone, now });
    if (!reading.ok) {
      // A past time or a date that reads two ways is asked about, never applied.
      state.problems.push(
        reading.problem === 'unreadable'
          ? `Nothing moved: I could not read "${command.when}" as a date and time. Try "reschedule Tue 3 Dec 15:00".`
          : `Nothing moved for “reschedule ${command.when}”: ${reading.question}`,
      );
      return;
    }
    const start = reading.start;
    const duration = new Date(interview.endUtc).getTime() - new Date(interview.startUtc).getTime();
    update(
      {
        startUtc: start.toISOString().replace('.000Z', 'Z'),
        endUtc: new Date(start.getTime() + duration).toISOString().replace('.000Z', 'Z'),
        status: 'scheduled',
        rescheduledAt: now.toISOString(),
      },
      true,
    );
    state.understood.push(
      `Moved the interview to ${formatDateTime(start.toISOString(), state.user.timeZone)}; the reminders moved with it.`,
    );
  }),
};

/** Runs one command through its handler. */
export async function applyReplyCommand(deps: Deps, state: ReplyState, command: ReplyCommand, now: Date): Promise<void> {
  // The table is keyed by `command.type`, so the handler found is the one for this command's
  // type; TypeScript cannot correlate the two through the union, hence the widening.
  const handler = REPLY_COMMAND_HANDLERS[command.type] as Handler<ReplyCommand>;
  await handler(deps, state, command, now);
}
