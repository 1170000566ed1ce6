/** The rehearsal playing the send queue's event source mapping (docs/operations.md "The send queue"). */
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  DeleteMessageCommand,
  ChangeMessageVisibilityCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { loggedErrors, STACK_NAME } from './inbound';
import { sentEmails, type SentEmail } from './mail';
import { check, say } from './output';
import type { Context } from './rehearse';
import { failedRecordIds, sqsTriggerEvent } from '../test/support/sqs-event';

/** Batches handed to send-mail in one drain, at most: more means something keeps failing. */
const MOST_BATCHES = 20;

/**
 * What the send queue's event source mapping does: batches as configured go to the deployed
 * send-mail, what it reports failed stays on the queue (its backoff is cut short to now, as the
 * rehearsal does not wait minutes), the rest is deleted. `expect: 'sent'` fails the run on any
 * failed record, naming what send-mail logged (a throttled SES names TooManyRequestsException);
 * `'held'` requires every record to fail and stay. Returns how many were sent and held.
 */
export async function drainSendQueue(ctx: Context, expect: 'sent' | 'held' = 'sent'): Promise<{ sent: number; held: number }> {
  const lambda = new LambdaClient(ctx.config);
  const sqs = new SQSClient(ctx.config);
  try {
    const sendMail = await ctx.functions.get(`${STACK_NAME}-send-mail`);
    const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: sendMail.name }));
    const mapping = EventSourceMappings?.[0];
    const queueArn = mapping?.EventSourceArn ?? '';
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueArn.split(':').pop() }));
    let sent = 0;
    const held = new Set<string>();
    for (let batch = 0; batch < MOST_BATCHES; batch += 1) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: Math.min(mapping?.BatchSize ?? 10, 10),
          MessageSystemAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) break;
      const event = sqsTriggerEvent(Messages, queueArn, ctx.config.region);
      const { result, log } = await ctx.functions.invoke(sendMail, event);
      const failed = failedRecordIds(result);
      if (expect === 'sent') {
        check(
          failed.size === 0,
          `${sendMail.name} sent a batch of ${Messages.length} from the send queue${failed.size ? `; it logged:\n${loggedErrors(log)}` : ''}`,
        );
      }
      for (const m of Messages) {
        const receipt = { QueueUrl, ReceiptHandle: m.ReceiptHandle };
        if (failed.has(m.MessageId ?? '')) held.add(m.MessageId ?? '');
        else {
          sent += 1;
          await sqs.send(new DeleteMessageCommand(receipt));
        }
      }
      if (expect === 'held') {
        check(
          failed.size === Messages.length,
          `${sendMail.name} held all ${Messages.length} on the queue, with backoff:\n${loggedErrors(log)}`,
        );
        // One pass is the point here; the held records are made visible again for the next drain.
        for (const m of Messages)
          await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
        break;
      }
    }
    return { sent, held: held.size };
  } finally {
    lambda.destroy();
    sqs.destroy();
  }
}

/** What SES sent by now: the send queue drained first, as send-mail would within seconds. */
export async function deliveredEmails(ctx: Context): Promise<SentEmail[]> {
  await drainSendQueue(ctx);
  return sentEmails(ctx.server);
}

/** The send queue as deployed: its trigger and its redrive to the dead-letter queue. */
export async function describeSendQueue(ctx: Context): Promise<void> {
  const lambda = new LambdaClient(ctx.config);
  const sqs = new SQSClient(ctx.config);
  try {
    const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: `${STACK_NAME}-send-mail` }));
    const mapping = EventSourceMappings?.[0];
    const queueName = mapping?.EventSourceArn?.split(':').pop();
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['RedrivePolicy', 'VisibilityTimeout'] }),
    );
    const redrive = JSON.parse(Attributes?.RedrivePolicy ?? '{}') as { deadLetterTargetArn?: string; maxReceiveCount?: number };
    check(
      mapping?.BatchSize && redrive.deadLetterTargetArn,
      `send queue ${queueName}: batches of ${mapping?.BatchSize} to ${STACK_NAME}-send-mail, after ${redrive.maxReceiveCount} receives to ${redrive.deadLetterTargetArn?.split(':').pop()}`,
    );
    say(`  send-mail paces at ${(await ctx.functions.get(`${STACK_NAME}-send-mail`)).environment.SES_SEND_RATE} emails a second in all`);
  } finally {
    lambda.destroy();
    sqs.destroy();
  }
}
