import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Mailer, OutboundEmail, SendOptions, SendResult } from '../../ports';
import { QUEUED_RAW_LIMIT_BYTES, queuedEmailBody } from './send-queue-message';
import type { SesV2Mailer } from './sesv2-mailer';

/**
 * The Mailer on AWS: composes the message and puts it on the send queue, which the send-mail
 * function drains at the account's SES rate (docs/operations.md "The send queue"). The workflow's
 * send is then a queue write: SES throttling holds the email on the queue, never the workflow.
 *
 * A message too large for SQS (a big export) is sent directly through SES, as before the queue:
 * such emails are rare and asked for one at a time, so they do not make the bursts the queue
 * smooths, and a throttled one is retried by its own trigger.
 */
export class SendQueueMailer implements Mailer {
  constructor(
    private readonly options: {
      client: SQSClient;
      queueUrl: string;
      /** Composes every message, and sends the ones too large to queue. */
      ses: SesV2Mailer;
    },
  ) {}

  async send(email: OutboundEmail, options?: SendOptions): Promise<SendResult> {
    const raw = await this.options.ses.compose(email);
    if (raw.byteLength > QUEUED_RAW_LIMIT_BYTES) return this.options.ses.sendRaw(raw);
    // Without a key (an answer that is not leased) a queue message is still sent once, however
    // often SQS delivers it; a retry of the workflow may queue it again, as it would send it again.
    const key = options?.idempotencyKey ?? `unkeyed\n${randomUUID()}`;
    const { MessageId } = await this.options.client.send(
      new SendMessageCommand({ QueueUrl: this.options.queueUrl, MessageBody: queuedEmailBody(key, raw, options?.lease) }),
    );
    return { queued: MessageId ?? 'unknown' };
  }
}
