import { boundedText } from '../commons/bounded-text';
import { Interview, LIMITS, type User } from '../domain/model';
import { parseReply, type UnclearLine } from '../domain/read-reply';
import type { InboundMail } from '../inbound/inbound-mail';
import { renderReplyAck, type AckQuestion } from '../emails/reply-ack';
import { LIST_TOKEN_KINDS, type ReadToken, type ReplyTarget } from '../domain/reply-token';
import { ConditionFailedError } from '../ports';
import type { Deps } from './deps';
import { outboundEmail, replyAddressFor } from './envelope';
import { afterThankYouSent, refreshMeetingDates } from './contacts';
import { meetingCounts, thankYouDueEntry } from '../domain/keep-in-touch';
import { askToConfirmAddress, replyFromUnknownAddress } from './other-addresses';
import { sendReferralIntro } from './send-referral-intro';
import { requestReport } from './request-report';
import { syncDigestSchedule } from './digest-schedule';
import { syncReminders } from './reminders';
import { applyReplyCommand, type ReplyState } from './reply-command-handlers';
import { reviseThankYou } from './revise-thank-you';
import { sendOnce } from './send-once';
import { streamStoppedBy } from '../domain/unsubscribe';
import { stopStream, type UnsubscribeOutcome } from './unsubscribe';

export type ReplyOutcome = { outcome: 'applied'; understood: string[]; problems: string[] } | { outcome: 'ignored'; why: string };

/** A reply that raced another change of its interview is applied again, on what is stored now, this often at most. */
const REPLY_ATTEMPTS = 3;

/**
 * A reply to one of Rapport's emails: commands change the interview or the profile, everything
 * else is kept as a note, and the user gets a short acknowledgement of what was understood.
 *
 * Nothing is applied without a valid, unexpired token signed for this user (reply-token.ts):
 * the token is what says which interview, and that the user is answering an email Rapport sent
 * them recently. `delete my data` only asks for a confirmation, and only a reply to that
 * confirmation email (its own token kind) deletes; whatever follows a deletion is ignored.
 *
 * The interview is written against the version read; when another change got there first
 * (a forwarded update, a reminder-time reply), the reply is read and applied again — every step
 * is safe to repeat: the note is keyed on this message and the acknowledgement sent once.
 */
export async function handleReply(deps: Deps, message: InboundMail, token: ReadToken, messageKey: string): Promise<ReplyOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await applyReply(deps, message, token, messageKey);
    } catch (error) {
      if (!(error instanceof ConditionFailedError) || attempt >= REPLY_ATTEMPTS) throw error;
      deps.log.info('reply raced another change; applying it again', { attempt });
    }
  }
}

async function applyReply(deps: Deps, message: InboundMail, token: ReadToken, messageKey: string): Promise<ReplyOutcome> {
  const sender = message.from!;
  const ownerId = await deps.store.findUserIdByEmail(sender.address);
  const user = ownerId ? await deps.store.getUser(ownerId) : undefined;
  if (!user) return replyFromUnknownAddress(deps, message, token, messageKey);
  // A token signed for another user is never acted on, whoever forwards it.
  if (token.status !== 'invalid' && token.target.userId !== user.userId)
    return { outcome: 'ignored', why: 'token belongs to another user' };
  if (token.status !== 'valid') return answerUnusableToken(deps, message, user, token, messageKey);
  const target = token.target;
  // The mailto of List-Unsubscribe: the address is the message, whatever the body says.
  const stream = streamStoppedBy(target.kind);
  if (stream) return unsubscribedByReply(await stopStream(deps, user, stream, token.issuedOn, message.messageId));

  const parsed = parseReply(message.replyText, { replyingTo: target.kind });
  // An email with numbered items carries the id of its item list where others carry an interview's.
  const listId = target.interviewId && LIST_TOKEN_KINDS.has(target.kind) ? target.interviewId : undefined;
  const interview = target.interviewId && !listId ? await deps.store.getInterview(user.userId, target.interviewId) : undefined;
  const actions = listId ? await deps.store.getActionList(user.userId, listId) : undefined;
  const state: ReplyState = {
    user,
    tokenKind: target.kind,
    interview,
    ...(actions ? { actions } : {}),
    deleted: false,
    deleteRequested: false,
    userChanged: false,
    interviewChanged: false,
    remindersChanged: false,
    understood: [...parsed.readAs],
    problems: [...parsed.problems],
    reports: [],
    intros: [],
    addressesToConfirm: [],
    thankYouSent: false,
  };

  const now = deps.clock.now();
  for (const [index, command] of parsed.commands.entries()) {
    await applyReplyCommand(deps, state, command, now);
    if (state.deleted) {
      if (index < parsed.commands.length - 1 || parsed.note)
        state.understood.push('The rest of your reply was not applied: there is nothing left to apply it to.');
      break;
    }
  }

  if (parsed.note && !state.deleted) await keepNote(deps, state, parsed.note, messageKey, now);
  const offered = state.deleted
    ? []
    : [
        ...parsed.mentionedAddresses.map((m) => (m.name ? `${m.name} <${m.email}>` : m.email)),
        ...parsed.introducedByName.map((name) => `${name} <their email address>`),
      ];

  await storeChanges(deps, state, { user, interview }, now);

  if (state.understood.length === 0 && state.problems.length === 0 && offered.length === 0 && parsed.unclear.length === 0) {
    state.problems.push('Your reply looked empty, so nothing changed.');
  }
  const replyTo = await replyAddressFor(deps, answerTarget(state, target));
  const questions = parsed.unclear.map((unclear) => askAbout(unclear, replyTo));
  const envelope = {
    to: user.email,
    replyTo,
    thread: message.messageId,
    autoSubmitted: 'auto-replied',
    ...(state.deleteRequested && !state.deleted ? { despiteSuppression: 'delete-confirmation' as const } : {}),
  } as const;
  const rendered = renderReplyAck({
    user: state.user,
    ...(state.interview ? { interview: state.interview } : {}),
    understood: state.understood,
    problems: state.problems,
    questions,
    offeredReferrals: offered,
    domain: deps.config.domain,
    ...(state.deleted ? { deletion: 'done' as const } : state.deleteRequested ? { deletion: 'confirm' as const } : {}),
  });
  const ack = await outboundEmail(deps, envelope, rendered);
  // After "delete my data" there is no partition to keep a send marker in; the inbound claim already makes this once.
  if (state.deleted) await deps.mailer.send(ack);
  else await sendOnce(deps, user.userId, `ack#${messageKey}`, ack);
  if (state.deleted) return { outcome: 'applied', understood: state.understood, problems: state.problems };
  for (const referral of state.intros) await sendReferralIntro(deps, state.user, referral);
  for (const address of state.addressesToConfirm) await askToConfirmAddress(deps, state.user, address, messageKey);
  for (const report of state.reports) await requestReport(deps, state.user, report, { messageKey, inReplyTo: message.messageId });
  return { outcome: 'applied', understood: state.understood, problems: state.problems };
}

/** The reply's free text: a note on its interview (which may revise the thank-you draft), or on a person of a numbered list. */
async function keepNote(deps: Deps, state: ReplyState, note: string, messageKey: string, now: Date): Promise<void> {
  if (state.interview) {
    // Keyed on the message: a retried reply (version conflict, redelivery) finds its note stored.
    await deps.store.addNote(
      { userId: state.user.userId, interviewId: state.interview.interviewId, createdAt: now.toISOString(), text: note },
      messageKey,
    );
    state.understood.push('Saved your note.');
    const revised = await reviseThankYou(deps, state.user, state.interview, messageKey, now);
    if (revised) state.understood.push(revised);
  } else if (!(await noteOnPerson(deps, state, note, now.toISOString()))) {
    state.problems.push(
      `I kept nothing of “${boundedText(note.split('\n').find((line) => line.trim()) ?? note, 80)}”: I did not read it as a command, and notes are kept per interview — reply to the confirmation, prep brief or thank-you email of that interview.`,
    );
  }
}

/**
 * The question about a line the reader was not sure of: it quotes the line and offers each reading
 * as a one-tap reply (a mailto: to this answer's own reply address, with the command as its body).
 */
/** A line Rapport was not sure about, quoted, with each likely reading as a one-tap reply. */
function askAbout(unclear: UnclearLine, replyTo: string): AckQuestion {
  return {
    line: boundedText(unclear.line, 120),
    choices: unclear.offers.map((offer) => ({ label: offer.label, href: `mailto:${replyTo}?body=${encodeURIComponent(offer.reply)}` })),
  };
}

/** Writes what the commands changed, then the schedules that follow from it; `read` is the state before the reply. */
async function storeChanges(
  deps: Deps,
  state: ReplyState,
  read: { user: User; interview: Interview | undefined },
  now: Date,
): Promise<void> {
  if (state.userChanged) await deps.store.putUser(state.user);
  // Conditional on the version read: a concurrent change makes this throw, and the retry starts over.
  if (state.interview && read.interview && state.interviewChanged)
    await deps.store.putInterview(Interview.parse(state.interview), read.interview.version);
  if (state.interview && state.remindersChanged) await syncReminders(deps, state.interview, state.user);
  if (state.interview && read.interview && state.interviewChanged) await meetingChanged(deps, state, read.interview, now);
  if (state.interview && state.thankYouSent) {
    const next = await afterThankYouSent(deps, state.user, state.interview, now.toISOString());
    if (next)
      state.understood.push(
        `A keep-in-touch suggestion about ${state.interview.contact?.name ?? state.interview.contact?.email} comes in about two weeks.`,
      );
  }
  if (state.deleted) return;
  if (state.user.timeZone !== read.user.timeZone) await resyncUpcoming(deps, state.user);
  if (state.user.timeZone !== read.user.timeZone || state.user.digest !== read.user.digest) await syncDigestSchedule(deps, state.user);
}

/**
 * A reply that moved, cancelled or reinstated a meeting, or marked it a no-show: its people's dates
 * follow, and a meeting that did not happen is no longer owed a thank-you nor counted as held.
 */
async function meetingChanged(deps: Deps, state: ReplyState, before: Interview, now: Date): Promise<void> {
  const after = state.interview!;
  if (after.startUtc === before.startUtc && after.status === before.status) return;
  await refreshMeetingDates(deps, state.user, after, now.toISOString());
  if (meetingCounts(before) && !meetingCounts(after) && (await deps.store.deleteDueEntry(state.user.userId, thankYouDueEntry(before))))
    await deps.store.addToTotals(state.user.userId, { held: -1 });
}

/**
 * Where a reply to the answer goes. The answer to "delete my data" is the confirmation request,
 * with the one token kind that confirms; otherwise the answer continues the interview's thread.
 */
function answerTarget(state: ReplyState, target: ReplyTarget): ReplyTarget {
  const userId = state.user.userId;
  if (state.deleteRequested) return { kind: 'delete-confirmation', userId };
  if (!state.interview || target.kind === 'digest' || target.kind === 'delete-confirmation')
    return { kind: 'help', userId, ...(state.interview ? { interviewId: state.interview.interviewId } : {}) };
  return { kind: target.kind, userId, interviewId: state.interview.interviewId };
}

/** A reply whose token is not ours, or too old: nothing is applied, and the user is told why and what to do. */
async function answerUnusableToken(
  deps: Deps,
  message: InboundMail,
  user: User,
  token: Exclude<ReadToken, { status: 'valid' }>,
  messageKey: string,
): Promise<ReplyOutcome> {
  const problem =
    token.status === 'invalid'
      ? 'That reply address was not one Rapport recognises, so nothing in your reply was applied. Reply to an email Rapport sent you.'
      : token.target.kind === 'delete-confirmation'
        ? `That confirmation request is more than ${token.maxAgeDays} days old, so nothing was deleted. To delete your data, reply "delete my data" to a newer email from Rapport and confirm within ${token.maxAgeDays} days.`
        : `That email is too old to act on (Rapport acts on replies for ${token.maxAgeDays} days), so nothing in your reply was applied. Please reply to a newer email from Rapport.`;
  const envelope = {
    to: user.email,
    replyTo: { kind: 'help', userId: user.userId },
    thread: message.messageId,
    autoSubmitted: 'auto-replied',
  } as const;
  const ack = renderReplyAck({ user, understood: [], problems: [problem], offeredReferrals: [], domain: deps.config.domain });
  await sendOnce(deps, user.userId, `ack#${messageKey}`, await outboundEmail(deps, envelope, ack));
  return { outcome: 'ignored', why: token.status === 'invalid' ? 'reply token not recognised' : 'reply token expired' };
}

async function resyncUpcoming(deps: Deps, user: User): Promise<void> {
  const now = deps.clock.now();
  const upcoming = await deps.store.listInterviews(user.userId, {
    fromUtc: new Date(now.getTime() - 2 * 86_400_000).toISOString(),
    toUtc: '9999-12-31T00:00:00Z',
  });
  for (const interview of upcoming) await syncReminders(deps, interview, user);
}

/** A note in reply to an email about one person (keep-in-touch, referral) is kept on that contact. */
async function noteOnPerson(deps: Deps, state: ReplyState, note: string, now: string): Promise<boolean> {
  const single = state.actions?.items.length === 1 ? state.actions.items[0] : undefined;
  if (!single || single.kind === 'thank-you') return false;
  const contact = await deps.store.getContact(state.user.userId, single.ref);
  if (!contact) return false;
  const notes = [contact.notes, `${now.slice(0, 10)}: ${note}`].filter(Boolean).join('\n');
  await deps.store.putContact({ ...contact, notes: notes.slice(-LIMITS.note), updatedAt: now });
  state.understood.push(`Saved your note on ${contact.name ?? contact.email}.`);
  return true;
}

function unsubscribedByReply(outcome: UnsubscribeOutcome): ReplyOutcome {
  if (outcome.outcome === 'refused') return { outcome: 'ignored', why: outcome.why };
  const what = outcome.stream === 'digest' ? 'the weekly digest' : 'keep-in-touch emails';
  return { outcome: 'applied', understood: [`Unsubscribed from ${what}${outcome.changed ? '' : ' (it was already off)'}.`], problems: [] };
}
