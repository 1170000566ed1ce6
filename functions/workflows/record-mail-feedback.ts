import type { Suppression } from '../domain/model';
import type { MailFeedback } from '../inbound/mail-feedback';
import type { Clock, Logger, Operator, OperatorNotice, Store } from '../ports';

/** What recording SES feedback needs: the table, the operator, the time. No mailer, no scheduler. */
export interface FeedbackDeps {
  store: Store;
  operator: Operator;
  clock: Clock;
  log: Logger;
}

interface FeedbackOutcome {
  /** Addresses Rapport no longer mails (newly or already). */
  suppressed: string[];
  /** Notices that went to the operator in this call (none when they had been told before). */
  told: OperatorNotice[];
}

/** SNS subjects are at most 100 printable ASCII characters. https://docs.aws.amazon.com/sns/latest/api/API_Publish.html */
const SUBJECT_LIMIT = 100;

/**
 * A hard bounce or a complaint stops every later email to that address (the Mailer path checks
 * the suppression), and the operator is told once. A transient bounce changes nothing: SES has
 * already retried it and the next email may well arrive.
 *
 * Order, for retries (SNS invokes at least once): the suppression is stored first (mailing
 * stops even if telling the operator fails), the operator is told next, and the record notes it
 * last. A crash between the last two tells the operator twice, never zero times.
 */
export async function recordMailFeedback(deps: FeedbackDeps, feedback: MailFeedback): Promise<FeedbackOutcome> {
  if (feedback.kind === 'bounce' && !feedback.hard) {
    deps.log.info('soft bounce: still mailing', { detail: feedback.detail, recipients: feedback.recipients.length });
    return { suppressed: [], told: [] };
  }
  const outcome: FeedbackOutcome = { suppressed: [], told: [] };
  for (const email of feedback.recipients) {
    const stored = await deps.store.suppressAddress({
      email,
      reason: feedback.kind,
      ...(feedback.detail ? { detail: feedback.detail } : {}),
      ...(feedback.feedbackId ? { feedbackId: feedback.feedbackId } : {}),
      suppressedAt: deps.clock.now().toISOString(),
    });
    outcome.suppressed.push(stored.email);
    deps.log.warn('address suppressed', { reason: stored.reason, detail: stored.detail, feedbackId: stored.feedbackId });
    if (stored.reportedAt) continue;
    const notice = noticeFor(stored, await deps.store.findUserIdByEmail(stored.email));
    await deps.operator.tell(notice);
    await deps.store.markSuppressionReported(stored.email, deps.clock.now().toISOString());
    outcome.told.push(notice);
  }
  return outcome;
}

function noticeFor(suppression: Suppression, userId: string | undefined): OperatorNotice {
  const why = suppression.reason === 'bounce' ? 'hard bounce' : 'spam complaint';
  return {
    subject: `Rapport stopped mailing ${suppression.email} (${why})`.slice(0, SUBJECT_LIMIT),
    message: [
      `Rapport will send nothing more to ${suppression.email}: SES reported a ${why}${suppression.detail ? ` (${suppression.detail})` : ''} on ${suppression.suppressedAt}.`,
      userId
        ? `It is the address of user ${userId}; their reminders and digests are skipped from now on.`
        : 'No Rapport user has this address.',
      suppression.feedbackId ? `SES feedback id: ${suppression.feedbackId}.` : '',
      'If the address works again (a full mailbox emptied, a typo fixed), delete the table item',
      `PK "SUPPRESSED#${suppression.email}" and remove the address from the SES account suppression list`,
      `(aws sesv2 delete-suppressed-destination --email-address ${suppression.email}).`,
    ]
      .filter(Boolean)
      .join('\n'),
  };
}
