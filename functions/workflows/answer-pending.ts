import { formatIsoUtc } from '../commons/wall-clock';
import { readInvitationAnswer } from '../domain/invitation-answer';
import type { PendingInvitation } from '../domain/model';
import type { InboundMail, InvitationSummary } from '../inbound/inbound-mail';
import { renderReplyAck } from '../emails/reply-ack';
import type { ReplyTarget } from '../domain/reply-token';
import type { Deps } from './deps';
import { outboundEmail } from './envelope';
import { DEFAULT_DURATION_MINUTES } from './invitation-fields';
import { logInterview, type LogOutcome } from './log-interview';
import { sendOnce } from './send-once';

type PendingOutcome = LogOutcome | { outcome: 'asked-again'; problem: string } | { outcome: 'ignored'; why: string };

/**
 * A reply to "When is it?" or "No invitation found": the user's answer with the time (and maybe
 * the length, the person and the company) completes what was found and logs the interview, just
 * as a forward with the time would. The reply token names the pending invitation; when it has
 * expired, the answer alone is enough to log. An answer that cannot be applied (no time, a time
 * in the past, "3/4") gets the question back, answerable the same way.
 */
export async function answerPendingInvitation(
  deps: Deps,
  message: InboundMail,
  target: ReplyTarget,
  messageKey: string,
): Promise<PendingOutcome> {
  const ownerId = await deps.store.findUserIdByEmail(message.from!.address);
  const user = ownerId ? await deps.store.getUser(ownerId) : undefined;
  if (!user) return { outcome: 'ignored', why: 'reply from an unknown sender' };
  if (target.userId !== user.userId) return { outcome: 'ignored', why: 'token belongs to another user' };

  const pending = target.interviewId ? await deps.store.getPendingInvitation(user.userId, target.interviewId) : undefined;
  const now = deps.clock.now();
  const answer = readInvitationAnswer(message.replyText, { zone: user.timeZone, now, ...(pending?.day ? { day: pending.day } : {}) });
  if (!answer.when.ok) {
    const ack = renderReplyAck({
      user,
      understood: [],
      problems: [answer.when.question],
      offeredReferrals: [],
      domain: deps.config.domain,
    });
    const envelope = { to: user.email, replyTo: target, thread: message.messageId, autoSubmitted: 'auto-replied' } as const;
    await sendOnce(deps, user.userId, `ack#${messageKey}`, await outboundEmail(deps, envelope, ack));
    return { outcome: 'asked-again', problem: answer.when.problem };
  }

  const start = answer.when.start.getTime();
  const end = answer.when.end?.getTime() ?? start + (answer.durationMinutes ?? DEFAULT_DURATION_MINUTES) * 60_000;
  const person = answer.person ?? pending?.organizer;
  const attendees = [...(pending?.attendees ?? []), ...(answer.person ? [answer.person] : [])];
  const invitation: InvitationSummary = {
    // Answering twice corrects the same interview rather than logging a second one.
    uid: pending?.calendarUid ?? `pending:${target.interviewId ?? messageKey}`,
    ...(pending?.sequence !== undefined ? { sequence: pending.sequence } : {}),
    title: titleOf(pending, answer.person?.name),
    startUtc: formatIsoUtc(start),
    endUtc: formatIsoUtc(end),
    ...(person ? { organizerEmail: person.email, ...(person.name ? { organizerName: person.name } : {}) } : {}),
    attendees: attendees.map((a) => ({ email: a.email, ...(a.name ? { name: a.name } : {}) })),
    ...(pending?.location ? { location: pending.location } : {}),
    ...(pending?.videoUrl ? { videoUrl: pending.videoUrl } : {}),
    ...(pending?.eventTimeZone ? { timeZone: pending.eventTimeZone } : {}),
    forwarded: false,
    source: 'text',
  };
  return logInterview(
    deps,
    { ...message, invitation: { ok: true, invitation } },
    messageKey,
    answer.company ? { company: answer.company } : {},
  );
}

function titleOf(pending: PendingInvitation | undefined, name: string | undefined): string {
  if (pending?.title) return pending.title;
  return name ? `Informational interview with ${name}` : 'Informational interview';
}
