import { setTimeout as sleep } from 'node:timers/promises';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readQueuedEmail } from '../adapters/aws/send-queue-message';
import { SesV2Mailer } from '../adapters/aws/sesv2-mailer';
import { SnsOperator } from '../adapters/aws/sns-operator';
import { powertoolsLogger, withLogContext } from '../adapters/aws/powertools-logger';
import { systemClock } from '../adapters/system-clock';
import { once } from '../commons/once';
import { withReadableStacks } from '../commons/stack-trace';
import { z } from '../commons/zod';
import { deliverQueued, type DeliveryDeps, type QueuedRecord } from '../workflows/deliver-queued';
import { readEnv } from './env';
import { lazyPorts } from './lazy-ports';
import { tableStore } from './table-store';

/**
 * Drains the send queue (docs/operations.md "The send queue"): sends each queued email through SES
 * once per key, paced so that the trigger's concurrency together stays under the account's SES
 * rate. It may lease keys in the table, send through SES, delay its own queue's messages and
 * publish to the alarm topic, nothing else.
 */
const Env = z.object({
  TABLE_NAME: z.string().min(1),
  SEND_QUEUE_URL: z.string().url(),
  /** The account's SES sending rate (emails a second) and the trigger's maximum concurrency. */
  SES_SEND_RATE: z.coerce.number().positive(),
  SEND_CONCURRENCY: z.coerce.number().int().positive(),
  ALARM_TOPIC_ARN: z.string().startsWith('arn:'),
  MAIL_DOMAIN: z.string().min(1),
  SES_CONFIGURATION_SET: z.string().optional(),
});

const setup = once(() => {
  const env = readEnv(process.env, Env);
  const region = process.env.AWS_REGION;
  const sqs = once(() => new SQSClient({}));
  const deps = lazyPorts<DeliveryDeps>({
    store: () => tableStore(env.TABLE_NAME, systemClock),
    ses: () =>
      new SesV2Mailer({
        client: new SESv2Client({}),
        ...(env.SES_CONFIGURATION_SET ? { configurationSetName: env.SES_CONFIGURATION_SET } : {}),
        ...(region ? { region } : {}),
      }),
    operator: () => new SnsOperator({ client: new SNSClient({}), topicArn: env.ALARM_TOPIC_ARN }),
    clock: () => systemClock,
    log: () => powertoolsLogger(),
    sleep: () => (ms: number) => sleep(ms).then(() => undefined),
    holdFor: () => async (receiptHandle: string, seconds: number) => {
      await sqs().send(
        new ChangeMessageVisibilityCommand({ QueueUrl: env.SEND_QUEUE_URL, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }),
      );
    },
  });
  return { deps, pacing: { intervalMs: Math.ceil((1000 * env.SEND_CONCURRENCY) / env.SES_SEND_RATE) } };
});

/** The SQS event of the send queue (only what is read). */
const SqsEvent = z.object({
  Records: z
    .array(
      z.object({
        messageId: z.string(),
        receiptHandle: z.string(),
        body: z.string(),
        attributes: z
          .object({ ApproximateReceiveCount: z.coerce.number().int().min(1).catch(1) })
          .partial()
          .default({}),
      }),
    )
    .min(1),
});

function queuedRecord(record: z.infer<typeof SqsEvent>['Records'][number]): QueuedRecord {
  let email: QueuedRecord['email'];
  try {
    email = readQueuedEmail(record.body);
  } catch (error) {
    email = { unreadable: String(error).slice(0, 300) };
  }
  return { id: record.messageId, receiptHandle: record.receiptHandle, receiveCount: record.attributes.ApproximateReceiveCount ?? 1, email };
}

async function handle(event: unknown): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const { Records } = SqsEvent.parse(event);
  const { deps, pacing } = setup();
  const { failed } = await deliverQueued(deps, Records.map(queuedRecord), pacing);
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}

export const handler = withLogContext(withReadableStacks(handle));
