import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import PostalMime from 'postal-mime';
import { EventBridgeScheduler } from '../../functions/adapters/aws/eventbridge-scheduler';
import { S3RawMailStore } from '../../functions/adapters/aws/s3-raw-mail-store';
import { SendQueueMailer } from '../../functions/adapters/aws/send-queue-mailer';
import { readQueuedEmail } from '../../functions/adapters/aws/send-queue-message';
import { SesV2Mailer } from '../../functions/adapters/aws/sesv2-mailer';
import { SqsInboundQueue } from '../../functions/adapters/aws/sqs-inbound-queue';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { tableDefinition } from '../../functions/adapters/dynamodb/table';
import { randomIds } from '../../functions/domain/ids';
import { fixedTokenKeys } from '../../functions/domain/reply-token';
import { InboundMail } from '../../functions/inbound/inbound-mail';
import { readInboundMail } from '../../functions/inbound/read-inbound-mail';
import { deliverQueued, type QueuedRecord } from '../../functions/workflows/deliver-queued';
import type { Deps } from '../../functions/workflows/deps';
import { handleInboundEmail } from '../../functions/workflows/handle-inbound-email';
import { skippingSuppressedRecipients } from '../../functions/workflows/suppression-check';
import { FaultProxy, type FaultRule } from '../../rehearse/fault-proxy';
import { HANG_GUARD_MS } from '../support/hang-guard';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../support/moto-server';
import { QUIET_LOG } from '../support/quiet-log';
import { TestClock, withFrom } from '../support/workflow-harness';

/**
 * The fault run (docs/operations.md "The send queue"): 100 people forward an invitation at once,
 * and every AWS call the two workflow functions and send-mail make — S3, SQS, DynamoDB,
 * Scheduler, SESv2 — goes through a proxy in front of moto that throttles, answers 503 or drops
 * the connection after the call took effect, at random (seeded). The SDK retries nothing
 * (`maxAttempts: 1`), so every fault reaches the workflows; the triggers are replayed as AWS
 * replays them: inbound-email until it queued (Lambda's retries, then a redrive), process-inbound
 * and send-mail while their queues hold messages (SQS handing a failed record out again).
 *
 * Counted: each person must get their confirmation exactly once. The one call not dropped after
 * its effect is SES's SendEmail — a send that SES accepted and whose answer was lost is the one
 * window no lease can close (docs/architecture.md "Exactly once"); it is throttled and refused.
 */
const PEOPLE = 100;
const DOMAIN = 'rapport.example';
const TABLE = 'rapport';
const BUCKET = 'inbound-mail';
const GROUP = 'rapport-reminders';
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:rapport';
/**
 * About one call in thirty fails. Logging an interview makes ~25 calls, so about half the attempts
 * hit a fault somewhere and are retried, some many times, while the run stays within seconds.
 */
const FAULTS: FaultRule[] = [
  // The send path, harder: SES throttles a third of the sends (held on the send queue, sent later),
  // and a tenth of the queue writes time out after the message was queued (a copy queued twice).
  { call: 'ses:SendEmail', fault: 'throttle', chance: 0.3 },
  { call: 'sqs:SendMessage', fault: 'timeout', chance: 0.1 },
  { call: '*', fault: 'throttle', chance: 0.015 },
  { call: '*', fault: '5xx', chance: 0.01 },
  { call: '*', except: ['ses:SendEmail'], fault: 'timeout', chance: 0.01 },
];
/** Rounds of the queues' triggers before the run is called stuck: far more than the faults need. */
const MOST_ROUNDS = 60;
const invitation = readFileSync(path.resolve(__dirname, '../../examples/coffee-chat.eml'));

/** A small seeded generator (mulberry32): the same faults on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let moto: MotoServer;
let proxy: FaultProxy;

beforeAll(async () => {
  moto = await startMotoServer();
  proxy = await FaultProxy.start(moto.endpoint);
  proxy.random = seeded(22);
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

function clientsAt(endpoint: string) {
  const config = { endpoint, region: motoRegion, credentials: motoCredentials, maxAttempts: 1 };
  return {
    dynamo: new DynamoDBClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    scheduler: new SchedulerClient(config),
    ses: new SESv2Client(config),
    sqs: new SQSClient(config),
    sns: new SNSClient(config),
  };
}

/** Every message on the queue, in batches, each hidden while this round works on it. */
async function receiveAll(sqs: SQSClient, queueUrl: string, batchSize: number): Promise<Message[][]> {
  const batches: Message[][] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: batchSize,
        VisibilityTimeout: 300,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return batches;
    batches.push(Messages);
  }
}

/**
 * As the event source mapping ends a batch: a processed record is deleted, a failed one becomes
 * visible again for the next round (the test clock stands for its visibility timeout or backoff).
 */
async function settle(sqs: SQSClient, queueUrl: string, message: Message, processed: boolean): Promise<void> {
  const receipt = { QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! };
  if (processed) await sqs.send(new DeleteMessageCommand(receipt));
  else await sqs.send(new ChangeMessageVisibilityCommand({ ...receipt, VisibilityTimeout: 0 }));
}

describe(`a fault run over ${PEOPLE} interviews (moto behind a fault proxy)`, () => {
  it(
    'sends every confirmation exactly once: 0 lost, 0 duplicates',
    async () => {
      const admin = clientsAt(moto.endpoint);
      const faulty = clientsAt(proxy.endpoint);
      await admin.dynamo.send(new CreateTableCommand(tableDefinition(TABLE)));
      await admin.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
      await admin.scheduler.send(new CreateScheduleGroupCommand({ Name: GROUP }));
      await admin.ses.send(new CreateEmailIdentityCommand({ EmailIdentity: DOMAIN }));
      const queue = async (name: string) => (await admin.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
      const inboundUrl = await queue('inbound');
      const sendUrl = await queue('send');

      const clock = new TestClock(new Date('2027-02-25T09:30:00Z'));
      const store = new DynamoDbStore({ client: DynamoDBDocumentClient.from(faulty.dynamo), tableName: TABLE, clock });
      const ses = new SesV2Mailer({ client: faulty.ses, messageIdDomain: DOMAIN, clock });
      const rawMail = new S3RawMailStore({ client: faulty.s3, bucket: BUCKET, prefix: 'inbound/' });
      const deps: Deps = {
        store,
        rawMail,
        scheduler: new EventBridgeScheduler({
          client: faulty.scheduler,
          groupName: GROUP,
          reminderTarget: { arn: ARN, roleArn: ARN },
          digestTarget: { arn: ARN, roleArn: ARN },
        }),
        mailer: skippingSuppressedRecipients(new SendQueueMailer({ client: faulty.sqs, queueUrl: sendUrl, ses }), store),
        clock,
        ids: randomIds,
        log: QUIET_LOG,
        config: { domain: DOMAIN, allowedSenders: ['*'], tokenKeys: fixedTokenKeys({ current: 'test-secret' }) },
      };
      const people = Array.from({ length: PEOPLE }, (_, i) => ({ name: `Person ${i}`, address: `person${i}@example.com`, id: `ses-${i}` }));
      for (const person of people) {
        const raw = withFrom(invitation, `${person.name} <${person.address}>`);
        await admin.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `inbound/${person.id}`, Body: raw }));
      }

      proxy.set(FAULTS);
      const inboundQueue = new SqsInboundQueue({ client: faulty.sqs, queueUrl: inboundUrl });
      const readAndQueue = async (person: (typeof people)[number]): Promise<void> => {
        const read = await readInboundMail(await rawMail.get(`inbound/${person.id}`), {
          envelopeFrom: person.address,
          recipients: [`log@${DOMAIN}`],
          authenticated: true,
          deliveryId: person.id,
          receivedAt: clock.now(),
        });
        if (!read.ok) throw new Error(`unreadable: ${read.why}`);
        await inboundQueue.send(read.mail);
      };
      // inbound-email: Lambda's async retries, then the failure queue's redrive, until it queued; 5 at once.
      const readUntilQueued = async (person: (typeof people)[number]): Promise<void> => {
        for (let attempt = 1; ; attempt += 1) {
          try {
            return await readAndQueue(person);
          } catch (error) {
            if (attempt >= MOST_ROUNDS) throw error;
          }
        }
      };
      for (let i = 0; i < people.length; i += 5) await Promise.all(people.slice(i, i + 5).map(readUntilQueued));

      const delivery = {
        store,
        ses,
        operator: { tell: async () => undefined },
        clock,
        log: QUIET_LOG,
        sleep: async () => undefined,
        holdFor: async () => undefined,
      };
      let rounds = 0;
      for (; rounds < MOST_ROUNDS; rounds += 1) {
        // process-inbound: batches of 5, at most 5 at once; a failed record stays on the queue.
        const inbound = await receiveAll(admin.sqs, inboundUrl, 5);
        for (let i = 0; i < inbound.length; i += 5) {
          await Promise.all(
            inbound.slice(i, i + 5).map(async (batch) => {
              for (const message of batch) {
                const processed = await handleInboundEmail(deps, InboundMail.parse(JSON.parse(message.Body!))).then(
                  () => true,
                  () => false,
                );
                await settle(admin.sqs, inboundUrl, message, processed);
              }
            }),
          );
        }
        // send-mail: batches of 10, 2 at once; what it reports failed stays on the queue.
        const sends = await receiveAll(admin.sqs, sendUrl, 10);
        for (let i = 0; i < sends.length; i += 2) {
          await Promise.all(
            sends.slice(i, i + 2).map(async (batch) => {
              const records: QueuedRecord[] = batch.map((m) => ({
                id: m.MessageId!,
                receiptHandle: m.ReceiptHandle!,
                receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
                email: readQueuedEmail(m.Body!),
              }));
              const failed = new Set(
                await deliverQueued(delivery, records, { intervalMs: 0 }).then(
                  (r) => r.failed,
                  () => records.map((r) => r.id),
                ),
              );
              for (const m of batch) await settle(admin.sqs, sendUrl, m, !failed.has(m.MessageId!));
            }),
          );
        }
        if (inbound.length === 0 && sends.length === 0) break;
        // A lease held by an attempt that died expires (2 minutes) before SQS hands its record out again.
        clock.set(new Date(clock.now().getTime() + 6 * 60_000));
      }
      proxy.set([]);

      const sent = ((await moto.data()).ses?.RawMessage ?? []) as { raw_data: string }[];
      const confirmations = new Map<string, number>();
      for (const message of sent) {
        const parsed = await PostalMime.parse(message.raw_data);
        if (/^Logged: /.test(parsed.subject ?? '')) {
          const to = parsed.to?.[0]?.address ?? '';
          confirmations.set(to, (confirmations.get(to) ?? 0) + 1);
        }
      }
      const lost = people.filter((p) => !confirmations.has(p.address)).length;
      const duplicates = [...confirmations.values()].reduce((sum, n) => sum + n - 1, 0);
      const injected = [...proxy.injected.values()].reduce((sum, n) => sum + n, 0);
      process.stdout.write(
        `Fault run: ${PEOPLE} interviews, ${injected} faults injected over ${rounds + 1} rounds ` +
          `(${[...proxy.injected].map(([call, n]) => `${call} ${n}`).join(', ')}); ` +
          `${confirmations.size} confirmed, ${lost} lost, ${duplicates} duplicates\n`,
      );
      for (const client of [...Object.values(admin), ...Object.values(faulty)]) client.destroy();

      expect(injected).toBeGreaterThan(PEOPLE / 2);
      // Every record processed in the end: none left held on a queue.
      expect(rounds).toBeLessThan(MOST_ROUNDS);
      expect({ lost, duplicates, confirmed: confirmations.size }).toEqual({ lost: 0, duplicates: 0, confirmed: PEOPLE });
    },
    HANG_GUARD_MS,
  );
});
