import { Interview, type User } from '../domain/model';
import { parseReply } from '../domain/reply-commands';
import type { InboundMail } from '../mail/inbound/inbound-mail';
import { renderReplyAck } from '../mail/outbound/emails/reply-ack';
import { replyAddress, type ReplyTarget } from '../mail/reply-token';
import { fromAddress, type Deps } from './deps';
import { syncDigestSchedule } from './digest-schedule';
import { syncReminders } from './reminders';
import { applyReplyCommand, type ReplyState } from './reply-command-handlers';
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

  const now = deps.clock.now();
  for (const command of parsed.commands) await applyReplyCommand(deps, state, command, now);

  if (parsed.note) {
    if (state.interview) {
      // Keyed on the message: a retried reply (version conflict, redelivery) finds its note stored.
      await deps.store.addNote({ userId: user.userId, interviewId: state.interview.interviewId, createdAt: now.toISOString(), text: parsed.note }, messageKey);
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

async function resyncUpcoming(deps: Deps, user: User): Promise<void> {
  const now = deps.clock.now();
  const upcoming = await deps.store.listInterviews(user.userId, { fromUtc: new Date(now.getTime() - 2 * 86_400_000).toISOString(), toUtc: '9999-12-31T00:00:00Z' });
  for (const interview of upcoming) await syncReminders(deps, interview, user);
}
