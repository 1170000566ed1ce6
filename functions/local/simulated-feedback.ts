import type { SuppressionReason } from '../domain/model';

/**
 * The record SES event publishing would put on the feedback topic for a hard bounce or a
 * complaint of `address` (the shape of AWS's own examples), so `rapport bounce` goes through the
 * same reader and workflow as the mail-feedback function.
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-examples.html
 */
export function simulatedSesFeedback(address: string, reason: SuppressionReason, now: Date): string {
  const feedbackId = `local-${now.getTime()}`;
  const mail = { timestamp: now.toISOString(), source: 'rapport@localhost', messageId: feedbackId, destination: [address] };
  const record =
    reason === 'bounce'
      ? {
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [
              { emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown (simulated)' },
            ],
            timestamp: now.toISOString(),
            feedbackId,
          },
          mail,
        }
      : {
          eventType: 'Complaint',
          complaint: {
            complainedRecipients: [{ emailAddress: address }],
            complaintFeedbackType: 'abuse',
            timestamp: now.toISOString(),
            feedbackId,
          },
          mail,
        };
  return JSON.stringify(record);
}
