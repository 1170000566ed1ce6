import type { OutboundEmail } from '../ports';
import type { Deps } from './deps';

/**
 * Sends an email at most once per key: the `SENT#` marker is written conditionally before the
 * send, so a retried trigger (Lambda and Scheduler deliver at least once) finds it and stops.
 * Returns the Message-ID it went out with, or undefined when it had already been sent.
 */
export async function sendOnce(deps: Deps, userId: string, key: string, email: OutboundEmail): Promise<string | undefined> {
  if (!(await deps.store.claimSend(userId, key))) {
    deps.log.info('already sent', { userId, key });
    return undefined;
  }
  const { messageId } = await deps.mailer.send(email);
  await deps.store.recordSentMessageId(userId, key, messageId);
  deps.log.info('sent', { userId, key, messageId });
  return messageId;
}

/** Threading headers that keep every email about one interview in one conversation. */
export function threadHeaders(threadMessageId: string | undefined): Pick<OutboundEmail, 'inReplyTo' | 'references'> {
  return threadMessageId ? { inReplyTo: threadMessageId, references: [threadMessageId] } : {};
}
