import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateScheduleGroupCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import PostalMime from 'postal-mime';
import { EventBridgeScheduler } from '../../functions/adapters/aws/eventbridge-scheduler';
import { S3RawMailStore } from '../../functions/adapters/aws/s3-raw-mail-store';
import { SesV2Mailer } from '../../functions/adapters/aws/sesv2-mailer';
import { SqsInboundQueue } from '../../functions/adapters/aws/sqs-inbound-queue';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { tableDefinition } from '../../functions/adapters/dynamodb/table';
import { InboundMail } from '../../functions/inbound/inbound-mail';
import { readInboundMail } from '../../functions/inbound/read-inbound-mail';
import { fixedTokenKeys } from '../../functions/domain/reply-token';
import type { Deps } from '../../functions/workflows/deps';
import { handleInboundEmail } from '../../functions/workflows/handle-inbound-email';
import { skippingSuppressedRecipients } from '../../functions/workflows/suppression-check';
import { FAULT_MODES, FaultPlan, type FaultMode, withFaults } from '../support/faults';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../support/moto-server';
import { QUIET_LOG } from '../support/quiet-log';
import { TestClock, withFrom } from '../support/workflow-harness';
import { HANG_GUARD_MS } from '../support/hang-guard';

/**
 * The logging path under faults over the AWS adapters, on moto: raw mail from S3, the record onto
 * SQS, then DynamoDB, EventBridge Scheduler and SESv2 — every call of each refused, or timing out
 * after its effect, for every N. The two functions are replayed as AWS replays them: inbound-email
 * as Lambda retries an async invocation, process-inbound as SQS hands a message out again (a
 * duplicate on the queue included, when the queue's send timed out after it happened).
 */
const DOMAIN = 'rapport.example';
const TABLE = 'rapport';
const BUCKET = 'inbound-mail';
const GROUP = 'rapport-reminders';
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:rapport';
const USER = 'Alex Morgan <alex@example.com>';
const DELIVERY_ID = 'ses-delivery-0001';
const raw = withFrom(readFileSync(path.resolve(__dirname, '../../examples/coffee-chat.eml')), USER);

let moto: MotoServer;
let clients: { dynamo: DynamoDBClient; s3: S3Client; scheduler: SchedulerClient; ses: SESv2Client; sqs: SQSClient };

beforeAll(async () => {
  moto = await startMotoServer();
  const config = { endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials };
  clients = {
    dynamo: new DynamoDBClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    scheduler: new SchedulerClient(config),
    ses: new SESv2Client(config),
    sqs: new SQSClient(config),
  };
});
afterAll(async () => {
  for (const client of Object.values(clients ?? {})) client.destroy();
  await moto?.stop();
});

interface RunResult {
  calls: string[];
  fired: string | undefined;
  subjects: string[];
  schedules: string[];
}

async function run(fault?: { n: number; mode: FaultMode }): Promise<RunResult> {
  await moto.reset();
  await clients.dynamo.send(new CreateTableCommand(tableDefinition(TABLE)));
  await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await clients.scheduler.send(new CreateScheduleGroupCommand({ Name: GROUP }));
  await clients.ses.send(new CreateEmailIdentityCommand({ EmailIdentity: DOMAIN }));
  // Visibility 0: a message processing failed on is at once available again (the test clock stands for the wait).
  const queueUrl = (await clients.sqs.send(new CreateQueueCommand({ QueueName: 'inbound', Attributes: { VisibilityTimeout: '0' } })))
    .QueueUrl!;
  await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `inbound/${DELIVERY_ID}`, Body: raw }));

  const plan = new FaultPlan();
  const clock = new TestClock(new Date('2027-02-25T09:30:00Z'));
  const store = withFaults(
    'store',
    new DynamoDbStore({ client: DynamoDBDocumentClient.from(clients.dynamo), tableName: TABLE, clock }),
    plan,
  );
  const rawMail = withFaults('rawMail', new S3RawMailStore({ client: clients.s3, bucket: BUCKET, prefix: 'inbound/' }), plan, ['keyFor']);
  const deps: Deps = {
    store,
    rawMail,
    scheduler: withFaults(
      'scheduler',
      new EventBridgeScheduler({
        client: clients.scheduler,
        groupName: GROUP,
        reminderTarget: { arn: ARN, roleArn: ARN },
        digestTarget: { arn: ARN, roleArn: ARN },
      }),
      plan,
    ),
    mailer: skippingSuppressedRecipients(
      withFaults('mailer', new SesV2Mailer({ client: clients.ses, messageIdDomain: DOMAIN, clock }), plan),
      store,
    ),
    clock,
    ids: { newUserId: () => 'a1b2c3d4e5f6' },
    log: QUIET_LOG,
    config: { domain: DOMAIN, allowedSenders: ['*'], tokenKeys: fixedTokenKeys({ current: 'test-secret' }) },
  };
  const queue = withFaults('queue', new SqsInboundQueue({ client: clients.sqs, queueUrl }), plan);

  plan.arm(fault ? { failAt: fault.n, mode: fault.mode } : {});
  // inbound-email, invoked asynchronously by SES: Lambda tries it three times.
  await retried(3, 60_000, clock, async () => {
    const read = await readInboundMail(await rawMail.get(`inbound/${DELIVERY_ID}`), {
      envelopeFrom: 'alex@example.com',
      recipients: [`log@${DOMAIN}`],
      authenticated: true,
      deliveryId: DELIVERY_ID,
      receivedAt: clock.now(),
    });
    if (!read.ok) throw new Error(`unreadable: ${read.why}`);
    await queue.send(read.mail);
  });
  // process-inbound, fed by SQS: a message stays until processed; five receives at most.
  for (let receive = 0; receive < 10; receive += 1) {
    const { Messages = [] } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    if (Messages.length === 0) break;
    for (const message of Messages) {
      try {
        await handleInboundEmail(deps, InboundMail.parse(JSON.parse(message.Body!)));
        await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
      } catch {
        clock.set(new Date(clock.now().getTime() + 6 * 60_000)); // the queue's visibility timeout
      }
    }
  }
  plan.disarm();

  const sent = ((await moto.data()).ses?.RawMessage ?? []) as { raw_data: string }[];
  const subjects = await Promise.all(sent.map(async (m) => (await PostalMime.parse(m.raw_data)).subject ?? ''));
  const { Schedules = [] } = await clients.scheduler.send(new ListSchedulesCommand({ GroupName: GROUP }));
  return {
    calls: [...plan.calls],
    fired: plan.fired?.call,
    subjects,
    schedules: Schedules.map((s) => s.Name!.replace(/^[0-9a-f]{20}-/, 'INTERVIEW-')).sort(),
  };
}

async function retried(attempts: number, delayMs: number, clock: TestClock, attempt: () => Promise<void>): Promise<void> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= attempts) throw error;
      clock.set(new Date(clock.now().getTime() + delayMs));
    }
  }
}

describe('logging an interview survives a fault at every call (moto: S3, SQS, DynamoDB, Scheduler, SESv2)', () => {
  let baseline: RunResult;
  beforeAll(async () => {
    baseline = await run();
  }, HANG_GUARD_MS);

  it('logs it without faults: one confirmation, the three reminders and the digest scheduled', () => {
    expect(baseline.subjects).toEqual([expect.stringMatching(/^Logged: /)]);
    expect(baseline.schedules).toEqual(['INTERVIEW-nudge', 'INTERVIEW-prep', 'INTERVIEW-thanks', 'a1b2c3d4e5f6-digest']);
    expect(baseline.calls[0]).toBe('rawMail.get');
  });

  for (const mode of FAULT_MODES) {
    it(
      `ends the same with call N ${mode === 'throw-before' ? 'refused' : 'timing out after its effect'}, for every N`,
      async () => {
        const failures: string[] = [];
        for (let n = 1; n <= baseline.calls.length; n += 1) {
          const faulted = await run({ n, mode });
          const duplicateAllowed = faulted.fired === 'mailer.send' && mode === 'throw-after';
          const expected = duplicateAllowed ? [...baseline.subjects, ...baseline.subjects] : baseline.subjects;
          if (JSON.stringify(faulted.subjects) !== JSON.stringify(expected))
            failures.push(`N=${n} (${baseline.calls[n - 1]}): sent ${JSON.stringify(faulted.subjects)}`);
          if (JSON.stringify(faulted.schedules) !== JSON.stringify(baseline.schedules))
            failures.push(`N=${n} (${baseline.calls[n - 1]}): schedules ${JSON.stringify(faulted.schedules)}`);
        }
        expect(failures).toEqual([]);
      },
      HANG_GUARD_MS,
    );
  }
});
