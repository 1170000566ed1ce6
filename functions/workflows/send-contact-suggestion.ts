import { actionListIdFor } from '../domain/ids';
import type { DueEntry } from '../domain/keep-in-touch';
import type { User } from '../domain/model';
import type { TokenKind } from '../domain/reply-token';
import type { EmailStream } from '../domain/unsubscribe';
import type { RenderedEmail } from '../emails/shared';
import type { Deps } from './deps';
import { outboundEmail } from './envelope';
import { sendOnce, type SendOutcome } from './send-once';

/**
 * One email about one contact's open item (a keep-in-touch suggestion, a referral to follow up),
 * sent once under `sendKey`. The item is stored first as a one-item action list, named by the
 * reply token, so an answer to this email (`done`, `intro sent`, `snooze 2 weeks`) applies to
 * this person; storing it again on a retry writes the same list.
 */
export async function sendContactSuggestion(
  deps: Deps,
  user: User,
  suggestion: { sendKey: string; entry: DueEntry; tokenKind: TokenKind; email: RenderedEmail; unsubscribe?: EmailStream },
): Promise<SendOutcome> {
  const { sendKey, entry } = suggestion;
  const listId = actionListIdFor(user.userId, sendKey);
  await deps.store.putActionList({
    userId: user.userId,
    listId,
    createdAt: deps.clock.now().toISOString(),
    items: [{ n: 1, kind: entry.kind, ref: entry.ref, dueUtc: entry.dueUtc, label: entry.label }],
  });
  const envelope = {
    to: user.email,
    replyTo: { kind: suggestion.tokenKind, userId: user.userId, interviewId: listId },
    autoSubmitted: 'auto-generated',
    ...(suggestion.unsubscribe ? { unsubscribe: { stream: suggestion.unsubscribe, userId: user.userId } } : {}),
  } as const;
  return sendOnce(deps, user.userId, sendKey, await outboundEmail(deps, envelope, suggestion.email));
}
