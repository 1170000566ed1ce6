import { REPORT_KINDS } from './follow-up-commands';
import { REPLY_LOCAL_PREFIX } from './reply-token';

/** help@ passes a question on to the operator (workflows/answer-help.ts); routed by handle-inbound-email.ts. */
export const HELP_LOCAL = 'help';

/**
 * Whether mail to these recipients can reach a workflow that reads what the sender wrote
 * (`InboundMail.replyText`): a reply address answers a question or a reminder, help@ passes a
 * question on, and list@, contacts@ and export@ answer a sender who is not a user with help. Mail
 * to any other address (log@) is read for its invitation alone, so inbound-email spares it the
 * reply extraction (docs/benchmarks.md). Errs towards reading: one such recipient among others is enough.
 */
export function readsReplyText(recipients: readonly string[]): boolean {
  return recipients.some((recipient) => {
    const local = recipient.slice(0, recipient.lastIndexOf('@')).toLowerCase();
    return local.startsWith(REPLY_LOCAL_PREFIX) || local === HELP_LOCAL || (REPORT_KINDS as readonly string[]).includes(local);
  });
}
