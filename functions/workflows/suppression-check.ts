import type { Mailer, SendResult, Store } from '../ports';

/**
 * The Mailer every workflow gets: it sends nothing to an address Rapport stopped mailing (a hard
 * bounce or a complaint recorded by record-mail-feedback) and says so in its result.
 *
 * Why here, around the port, and not in each adapter or each workflow: every email Rapport sends
 * passes through the Mailer — reminders and digests through sendOnce, answers to inbound mail
 * directly — so one wrapper covers them all, in AWS and on one machine alike, while the adapters
 * stay plain transports (SES's own account suppression list still backs it up in AWS). The cost
 * is one GetItem per email. The one exception is the deletion's confirmation request
 * (OutboundEmail.despiteSuppression): the right to delete outlives a bounce or a complaint.
 */
export function skippingSuppressedRecipients(mailer: Mailer, store: Store): Mailer {
  return {
    async send(email, options): Promise<SendResult> {
      const suppression = email.despiteSuppression ? undefined : await store.getSuppression(email.to);
      if (suppression) return { suppressed: suppression };
      return mailer.send(email, options);
    },
  };
}
