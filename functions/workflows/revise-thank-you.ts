import { notesByTime } from '../domain/learned';
import type { Interview, Note, User } from '../domain/model';
import { thankYouTime } from '../domain/time-rules';
import { renderThankYou, thankYouView } from '../emails/thank-you';
import type { Deps } from './deps';
import { outboundEmail } from './envelope';
import { sendOnce } from './send-once';
import { thankYouInput } from './send-reminder';

/**
 * Notes that arrive after the thank-you draft went out and before it is marked sent bring one
 * revised draft, threaded with the interview's emails, saying what changed. Once per reply: the
 * send lease is keyed on the reply's message, so a redelivered reply sends nothing more.
 *
 * @returns what the reply's acknowledgement says about it, or undefined when nothing was revised.
 */
export async function reviseThankYou(
  deps: Deps,
  user: User,
  interview: Interview,
  messageKey: string,
  noteAt: Date,
): Promise<string | undefined> {
  const owed = (interview.status === 'scheduled' || interview.status === 'done') && !interview.thankYouSentAt;
  const draftWentOut = thankYouTime(new Date(interview.endUtc), user.timeZone) <= noteAt;
  if (!owed || !draftWentOut) return undefined;

  const notes = await deps.store.listNotes(user.userId, interview.interviewId);
  const context = { user, interview, now: noteAt, domain: deps.config.domain };
  const earlier = notes.filter((note) => note.createdAt < noteAt.toISOString());
  const before = thankYouView(await thankYouInput(deps, { ...context, notes: earlier })).draft;
  const input = await thankYouInput(deps, { ...context, notes });
  const after = thankYouView(input).draft;
  if (after.body === before.body) return undefined;

  const revision = whatChanged(before.insightFromNotes, after.insightFromNotes, learnedIn(notes, interview, noteAt));
  const envelope = {
    to: user.email,
    replyTo: { kind: 'thank-you', userId: user.userId, interviewId: interview.interviewId },
    thread: interview.threadMessageId,
    autoSubmitted: 'auto-generated',
  } as const;
  await sendOnce(
    deps,
    user.userId,
    `thank-you-revised#${messageKey}`,
    await outboundEmail(deps, envelope, renderThankYou({ ...input, revision })),
  );
  return 'Your thank-you draft is revised with it: the new draft is in a separate email.';
}

function learnedIn(notes: readonly Note[], interview: Interview, noteAt: Date): boolean {
  return notesByTime(notes, interview).after.some((note) => note.createdAt === noteAt.toISOString());
}

/** One sentence on what the revised draft changes. */
function whatChanged(before: string | undefined, after: string | undefined, learned: boolean): string {
  if (after && after !== before) return `Revised with your latest note: it now mentions ${after}.`;
  return learned ? 'Revised with your latest note.' : 'Revised with your latest change.';
}
