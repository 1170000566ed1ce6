import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { InboundMail } from '../../inbound/inbound-mail';

/**
 * Hands a read inbound email from the parsing function to the one that acts on it. SQS gives the
 * hop retries and a dead-letter queue; the record is small and bounded (well under SQS's 256 KB).
 */
export class SqsInboundQueue {
  constructor(private readonly options: { client: SQSClient; queueUrl: string }) {}

  async send(mail: InboundMail): Promise<void> {
    await this.options.client.send(new SendMessageCommand({ QueueUrl: this.options.queueUrl, MessageBody: JSON.stringify(mail) }));
  }
}
