/** The rehearsal playing SES receiving and the inbound queue's event source mapping. */
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeActiveReceiptRuleSetCommand, SESClient } from '@aws-sdk/client-ses';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { sesReceiptEvent, USER } from './mail';
import { check, say } from './output';
import type { Context } from './rehearse';
import { failedRecordIds, sqsTriggerEvent } from '../test/support/sqs-event';

/** The rehearsal deploys a stage, so that every name built from the stack name must carry it. */
export const STAGE = 'rehearsal';
export const STACK_NAME = `Rapport-${STAGE}`;
/** The settings the rehearsal deploys with (a real deploy passes its own, docs/deploy.md). */
export const DOMAIN = 'rehearsal.rapport.example.com';

/** The errors a function logged, one line each: what a failed check names as its cause. */
export function loggedErrors(log: string[]): string {
  return log
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { message?: string; error?: string })
    .filter((line) => line.error)
    .map((line) => `    ${line.message}: ${(line.error ?? '').split('\n')[0]}`)
    .join('\n');
}

/** SES receives a message: the active rule's S3 action stores it, its Lambda action invokes inbound-email. */
export async function receiveMail(
  ctx: Context,
  now: Date,
  mail: { messageId: string; raw: string; says: string; to?: string },
): Promise<void> {
  const ses = new SESClient(ctx.config);
  const s3 = new S3Client({ ...ctx.config, forcePathStyle: true });
  try {
    const { Metadata, Rules } = await ses.send(new DescribeActiveReceiptRuleSetCommand({}));
    const rule = Rules?.[0];
    const store = rule?.Actions?.find((a) => a.S3Action)?.S3Action;
    const invoke = rule?.Actions?.find((a) => a.LambdaAction)?.LambdaAction;
    check(
      store?.BucketName && invoke?.FunctionArn,
      `active receipt rule set ${Metadata?.Name}: rule ${rule?.Name} stores to S3, then invokes ${invoke?.FunctionArn}`,
    );
    const { messageId, raw } = mail;
    const recipient = mail.to ?? `log@${DOMAIN}`;
    await s3.send(new PutObjectCommand({ Bucket: store.BucketName, Key: `${store.ObjectKeyPrefix ?? ''}${messageId}`, Body: raw }));
    say(`  ${USER.address} ${mail.to ? 'sends' : 'forwards'} ${mail.says} to ${recipient}`);
    say(`  raw message stored at s3://${store.BucketName}/${store.ObjectKeyPrefix ?? ''}${messageId}`);

    const inboundEmail = await ctx.functions.get(invoke.FunctionArn);
    const { result } = await ctx.functions.invoke(
      inboundEmail,
      sesReceiptEvent({ messageId, recipient, functionArn: inboundEmail.arn, now }),
    );
    check((result as { queued?: number }).queued === 1, `${inboundEmail.name} read it and queued one record (${JSON.stringify(result)})`);
  } finally {
    ses.destroy();
    s3.destroy();
  }
}

/**
 * What the event source mapping does: receive a batch, invoke process-inbound, delete what
 * succeeded; a record reported failed stays on the queue and comes back when its visibility
 * timeout ends (made to end now, as the rehearsal does not wait minutes). `expect: 'processed'`
 * fails the run on any failed record, naming what the function logged; `'held'` requires every
 * record to fail and stay. Returns the records as queued.
 */
export async function drainInboundQueue(ctx: Context, expect: 'processed' | 'held' = 'processed'): Promise<unknown[]> {
  const lambda = new LambdaClient(ctx.config);
  const sqs = new SQSClient(ctx.config);
  try {
    const processInbound = await ctx.functions.get(`${STACK_NAME}-process-inbound`);
    const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: processInbound.name }));
    const mapping = EventSourceMappings?.[0];
    const queueArn = mapping?.EventSourceArn ?? '';
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueArn.split(':').pop() }));
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: Math.min(mapping?.BatchSize ?? 10, 10),
        MessageSystemAttributeNames: ['All'],
      }),
    );
    check(Messages.length === 1, `the stack's inbound queue holds it (${queueArn.split(':').pop()}, batch size ${mapping?.BatchSize})`);
    const event = sqsTriggerEvent(Messages, queueArn, ctx.config.region);
    const { result, log } = await ctx.functions.invoke(processInbound, event);
    const failed = failedRecordIds(result);
    if (expect === 'processed') {
      check(
        failed.size === 0,
        `${processInbound.name} processed the batch with no item failures${failed.size ? `; it logged:\n${loggedErrors(log)}` : ''}`,
      );
    } else {
      check(failed.size === Messages.length, `${processInbound.name} reported it failed, for SQS to hand out again:\n${loggedErrors(log)}`);
    }
    for (const m of Messages) {
      const receipt = { QueueUrl, ReceiptHandle: m.ReceiptHandle };
      if (failed.has(m.MessageId ?? '')) await sqs.send(new ChangeMessageVisibilityCommand({ ...receipt, VisibilityTimeout: 0 }));
      else await sqs.send(new DeleteMessageCommand(receipt));
    }
    return Messages.map((m) => JSON.parse(m.Body ?? 'null') as unknown);
  } finally {
    lambda.destroy();
    sqs.destroy();
  }
}
