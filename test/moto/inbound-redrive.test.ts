/**
 * A forwarded invitation that ends in the inbound dead-letter queue, on moto server: SES refuses
 * every send (the domain's identity is not verified yet), so process-inbound stores the interview
 * and schedules its reminders but cannot confirm, receive after receive (two here, five deployed), and SQS moves
 * the message to the dead-letter queue half done. Once the identity is verified, `npm run redrive`
 * (scripts/redrive.ts) puts it back, and the same handler finishes it: one confirmation, one
 * interview, the same reminders — also when the redrive delivers it twice. And the other way a
 * record goes back to SQS: a second delivery while the first is still processing (issue 23, 8).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateEmailIdentityCommand, DeleteEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { queuedEmailBody } from '../../functions/adapters/aws/send-queue-message';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { inboundMessageKey } from '../../functions/domain/ids';
import type { InboundMail } from '../../functions/inbound/inbound-mail';
import { readInboundMail } from '../../functions/inbound/read-inbound-mail';
import { redriveDeadLetters } from '../../scripts/redrive';
import { environmentRestorer, provisionWorkflowResources, setLambdaEnvironment } from '../support/lambda-environment';
import { callWithNed, sentBySes } from '../support/invitation-mail';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../support/moto-server';
import { storedInterviews, storedUserId } from '../support/stored-items';

type ProcessHandler = typeof import('../../functions/handlers/process-inbound').handler;

const DOMAIN = 'rapport.example';
const TABLE = 'rapport-redrive-test';
const GROUP = 'rapport-reminders';
const HOMER = 'homer@example.com';
const DEAD_LETTERS = 'rapport-inbound-dlq';
/** Receives before SQS dead-letters a message (the stack uses 5; fewer keep the test short). */
const MAX_RECEIVES = 2;

let moto: MotoServer;
let sqs: SQSClient;
let ses: SESv2Client;
let scheduler: SchedulerClient;
let doc: DynamoDBDocumentClient;
let queueUrl: string;
let deadLetterUrl: string;
let processInbound: ProcessHandler;
const restoreEnvironment = environmentRestorer();

const invitation = (startLocal: DateTime) => callWithNed({ homer: HOMER, domain: DOMAIN, id: 'redrive-1', startLocal });
const sent = () => sentBySes(moto);

/** What inbound-email reads from the invitation (the record it queues). */
async function invitationRecord(messageId = '<redrive-1@example.com>'): Promise<InboundMail> {
  const start = DateTime.now().setZone('Europe/Berlin').plus({ days: 10 }).set({ hour: 15, minute: 0, second: 0, millisecond: 0 });
  const read = await readInboundMail(invitation(start).replace('<redrive-1@example.com>', messageId), {
    envelopeFrom: HOMER,
    recipients: [`log@${DOMAIN}`],
    authenticated: true,
    deliveryId: `delivery-${messageId.slice(1, -1)}`,
    receivedAt: new Date(),
  });
  if (!read.ok) throw new Error(`the test message was not read: ${read.why}`);
  return read.mail;
}

async function queueInvitation(): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(await invitationRecord()) }));
}

/**
 * Lambda's SQS poller until the queue is empty: each batch to process-inbound, the records it
 * reports failed made visible again at once (instead of after the visibility timeout), the rest deleted.
 */
async function pollUntilEmpty(): Promise<number> {
  let failures = 0;
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return failures;
    const { batchItemFailures } = await processInbound({
      Records: Messages.map((m) => ({ messageId: m.MessageId!, body: m.Body! })),
    });
    const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    failures += failed.size;
    for (const message of Messages) {
      const handle = { QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! };
      if (failed.has(message.MessageId!)) await sqs.send(new ChangeMessageVisibilityCommand({ ...handle, VisibilityTimeout: 0 }));
      else await sqs.send(new DeleteMessageCommand(handle));
    }
  }
}

async function deadLetterCount(): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

async function homersInterviews(): Promise<Record<string, unknown>[]> {
  const table = { doc, tableName: TABLE };
  const userId = await storedUserId(table, HOMER);
  return userId ? storedInterviews(table, userId) : [];
}

async function reminderSchedules(): Promise<string[]> {
  const { Schedules = [] } = await scheduler.send(new ListSchedulesCommand({ GroupName: GROUP }));
  return Schedules.map((s) => s.Name!).sort();
}

beforeAll(async () => {
  moto = await startMotoServer();
  const config = { endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials };
  sqs = new SQSClient(config);
  ses = new SESv2Client(config);
  scheduler = new SchedulerClient(config);
  doc = DynamoDBDocumentClient.from(new DynamoDBClient(config));
  const variables = await provisionWorkflowResources(moto, {
    tableName: TABLE,
    groupName: GROUP,
    domain: DOMAIN,
    tokenKey: 'a-long-random-hmac-key-for-reply-tokens',
    rawMailBucket: 'rapport-inbound-mail',
    allowedSenders: HOMER,
  });
  // The domain still verifying: SES refuses every send, and the mailer holds it (retryable).
  await ses.send(new DeleteEmailIdentityCommand({ EmailIdentity: DOMAIN }));
  deadLetterUrl = (await sqs.send(new CreateQueueCommand({ QueueName: DEAD_LETTERS }))).QueueUrl!;
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }));
  const redrivePolicy = JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: MAX_RECEIVES });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'rapport-inbound', Attributes: { RedrivePolicy: redrivePolicy } })))
    .QueueUrl!;

  setLambdaEnvironment(moto, variables);
  delete process.env.SES_CONFIGURATION_SET;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the environment is set, as Lambda loads it
  processInbound = (require('../../functions/handlers/process-inbound') as { handler: ProcessHandler }).handler;
});

afterAll(async () => {
  for (const client of [sqs, ses, scheduler, doc]) client?.destroy();
  await moto?.stop();
  restoreEnvironment();
});

describe('a message that ends in the inbound dead-letter queue', () => {
  it('is left half done: the interview and its reminders stored, no confirmation', async () => {
    await queueInvitation();
    expect(await pollUntilEmpty()).toBe(MAX_RECEIVES);
    expect(await deadLetterCount()).toBe(1);
    expect(await homersInterviews()).toHaveLength(1);
    expect((await reminderSchedules()).filter((name) => name.endsWith('-prep'))).toHaveLength(1);
    expect(await sent()).toEqual([]);
  });

  it('is finished by a redrive once the cause is fixed: one confirmation, one interview, the same reminders', async () => {
    const schedulesBefore = await reminderSchedules();
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: DOMAIN }));

    expect(await redriveDeadLetters(sqs, DEAD_LETTERS)).toEqual({ movedTo: new Map([[queueUrl, 1]]), moved: 1 });
    expect(await deadLetterCount()).toBe(0);
    expect(await pollUntilEmpty()).toBe(0);

    const mail = await sent();
    expect(mail.map((m) => ({ to: m.to?.[0]?.address, subject: m.subject }))).toEqual([
      { to: HOMER, subject: expect.stringMatching(/^Logged: .*Ned Flanders/) },
    ]);
    expect(await homersInterviews()).toHaveLength(1);
    expect(await reminderSchedules()).toEqual(schedulesBefore);
  });

  it('does nothing twice when a redrive delivers the message again (a crash between its send and delete)', async () => {
    await queueInvitation();
    expect(await pollUntilEmpty()).toBe(0);
    expect(await sent()).toHaveLength(1);
    expect(await homersInterviews()).toHaveLength(1);
    expect(await redriveDeadLetters(sqs, DEAD_LETTERS)).toEqual({ movedTo: new Map(), moved: 0 });
  });
});

describe('a second delivery of a message still being processed', () => {
  it('is handed back to SQS and logged at info as such, not as an error', async () => {
    const mail = await invitationRecord('<in-flight-1@example.com>');
    // Another delivery of the same message holds its inbound lease (handle-inbound-email.ts).
    await new DynamoDbStore({ client: doc, tableName: TABLE }).leaseInbound(inboundMessageKey(`${HOMER}\n${mail.messageId}`), 120);
    const lines: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    let result: Awaited<ReturnType<ProcessHandler>>;
    try {
      result = await processInbound({ Records: [{ messageId: 'sqs-in-flight-1', body: JSON.stringify(mail) }] });
    } finally {
      stdout.mockRestore();
    }
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-in-flight-1' }]);
    const logged = lines.map((line) => JSON.parse(line) as { level: string; message: string });
    expect(logged.map((line) => [line.level.toLowerCase(), line.message])).toEqual([['info', 'inbound duplicate in flight: retry later']]);
  });
});

describe('a dead-letter queue that serves the inbound queue and the send queue', () => {
  it('returns each message to the queue it came from: a queued email to the send queue, mail to the inbound queue', async () => {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }));
    const redrivePolicy = JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: MAX_RECEIVES });
    const sendQueueUrl = (
      await sqs.send(new CreateQueueCommand({ QueueName: 'rapport-send', Attributes: { RedrivePolicy: redrivePolicy } }))
    ).QueueUrl!;
    const queuedEmail = queuedEmailBody('confirmation#1', Buffer.from('Subject: Logged\r\n\r\nhello\r\n'));
    const inboundRecord = JSON.stringify(await invitationRecord('<two-queues-1@example.com>'));
    for (const body of [queuedEmail, inboundRecord]) await sqs.send(new SendMessageCommand({ QueueUrl: deadLetterUrl, MessageBody: body }));

    const redriven = await redriveDeadLetters(sqs, DEAD_LETTERS, sendQueueUrl);

    expect(redriven).toEqual({
      movedTo: new Map([
        [sendQueueUrl, 1],
        [queueUrl, 1],
      ]),
      moved: 2,
    });
    const bodiesOn = async (url: string) =>
      ((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }))).Messages ?? []).map(
        (m) => m.Body,
      );
    expect(await bodiesOn(sendQueueUrl)).toEqual([queuedEmail]);
    expect(await bodiesOn(queueUrl)).toEqual([inboundRecord]);
  });
});
