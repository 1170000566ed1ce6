import { z } from '../commons/zod';
import { EmailAddress, LIMITS } from '../domain/model';

/**
 * What SES says about mail Rapport sent, as its configuration set's event destination publishes
 * it to SNS (one JSON record per SNS message). Only bounces and complaints are read; every other
 * event type (Send, Delivery, …) is not for us. Fields are bounded: the record names addresses
 * and texts from remote mail servers.
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 */
const Text = z.string().max(LIMITS.suppressionDetail);
/** SES lists every recipient of the message; Rapport sends to one, so a few is plenty. */
const MAX_RECIPIENTS = 50;

const Bounce = z.object({
  /** `Permanent` is a hard bounce; `Transient` ones SES already retried, and may clear; `Undetermined` is unknown. */
  bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
  bounceSubType: Text,
  bouncedRecipients: z
    .array(z.object({ emailAddress: EmailAddress }))
    .min(1)
    .max(MAX_RECIPIENTS),
  feedbackId: Text.optional(),
});

const Complaint = z.object({
  complainedRecipients: z
    .array(z.object({ emailAddress: EmailAddress }))
    .min(1)
    .max(MAX_RECIPIENTS),
  complaintFeedbackType: Text.optional(),
  feedbackId: Text.optional(),
});

/** Event publishing names the type `eventType`; identity notifications name it `notificationType`. */
const SesFeedbackRecord = z.union([
  z.object({ eventType: z.literal('Bounce'), bounce: Bounce }),
  z.object({ notificationType: z.literal('Bounce'), bounce: Bounce }),
  z.object({ eventType: z.literal('Complaint'), complaint: Complaint }),
  z.object({ notificationType: z.literal('Complaint'), complaint: Complaint }),
]);

export type MailFeedback =
  | { kind: 'bounce'; hard: boolean; detail: string; recipients: string[]; feedbackId?: string }
  | { kind: 'complaint'; detail?: string; recipients: string[]; feedbackId?: string };

/** Bounce and complaint records only; anything else (another event type, not JSON) is `undefined`. */
export function readMailFeedback(message: string): MailFeedback | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = SesFeedbackRecord.safeParse(json);
  if (!parsed.success) return undefined;
  const record = parsed.data;
  if ('bounce' in record) {
    const { bounce } = record;
    return {
      kind: 'bounce',
      hard: bounce.bounceType === 'Permanent',
      detail: `${bounce.bounceType}/${bounce.bounceSubType}`.slice(0, LIMITS.suppressionDetail),
      recipients: bounce.bouncedRecipients.map((r) => r.emailAddress),
      ...(bounce.feedbackId ? { feedbackId: bounce.feedbackId } : {}),
    };
  }
  const { complaint } = record;
  return {
    kind: 'complaint',
    ...(complaint.complaintFeedbackType ? { detail: complaint.complaintFeedbackType } : {}),
    recipients: complaint.complainedRecipients.map((r) => r.emailAddress),
    ...(complaint.feedbackId ? { feedbackId: complaint.feedbackId } : {}),
  };
}
