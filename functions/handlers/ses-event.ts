import { z } from '../commons/zod';

/**
 * The part of the SES receipt event Rapport reads. The event carries headers and verdicts but
 * no body: the body is in S3, put there by the rule's first action.
 * @see https://docs.aws.amazon.com/ses/latest/dg/receiving-email-action-lambda-event.html
 */
const Verdict = z.object({ status: z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED']) });

export const SesReceiptEvent = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:ses'),
        ses: z.object({
          mail: z.object({
            /** When SES received the message (ISO 8601): a Date-less text invitation is read against it. */
            timestamp: z.string().datetime({ offset: true }),
            messageId: z
              .string()
              .min(1)
              .max(200)
              .regex(/^[A-Za-z0-9._-]+$/),
            source: z.string(),
            destination: z.array(z.string()),
          }),
          receipt: z.object({
            recipients: z.array(z.string()).min(1),
            spfVerdict: Verdict,
            dkimVerdict: Verdict,
            // A bare string (`none` | `quarantine` | `reject`), present only when DMARC fails; not read.
            dmarcPolicy: z.string().optional(),
            dmarcVerdict: Verdict,
            spamVerdict: Verdict.optional(),
            virusVerdict: Verdict.optional(),
          }),
        }),
      }),
    )
    .min(1),
});
export type SesReceiptEvent = z.infer<typeof SesReceiptEvent>;
