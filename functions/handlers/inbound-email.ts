import { isAuthenticated } from '../mail/sender-policy';
import { handleInboundEmail, type InboundOutcome } from '../workflows/handle-inbound-email';
import { awsRuntime } from './aws-deps';
import { SesReceiptEvent } from './ses-event';

/** SES receipt rule, action 2: the raw message is in S3 (action 1) under `<prefix><messageId>`. */
export async function handler(event: unknown): Promise<InboundOutcome[]> {
  const { Records } = SesReceiptEvent.parse(event);
  const { deps, rawMail, env } = await awsRuntime();
  const outcomes: InboundOutcome[] = [];
  for (const { ses } of Records) {
    const raw = await rawMail.get(`${env.RAW_MAIL_PREFIX}${ses.mail.messageId}`);
    const { receipt } = ses;
    outcomes.push(
      await handleInboundEmail(deps, {
        raw,
        envelopeFrom: ses.mail.source,
        recipients: receipt.recipients,
        authenticated: isAuthenticated({
          spf: receipt.spfVerdict.status,
          dkim: receipt.dkimVerdict.status,
          dmarc: receipt.dmarcVerdict.status,
          ...(receipt.virusVerdict ? { virus: receipt.virusVerdict.status } : {}),
        }),
        deliveryId: ses.mail.messageId,
      }),
    );
  }
  return outcomes;
}
