/**
 * The deployed path end to end, against moto server (a real AWS API emulator): an SES receipt
 * event → inbound-email (raw mail from S3, read, one InboundMail record onto SQS) → the queue's
 * messages as Lambda's SQS event source hands them over → process-inbound → DynamoDB, EventBridge
 * Scheduler and SESv2; then the reminder and weekly-digest handlers as the Scheduler would invoke
 * them. Nothing of ours or of the SDK is mocked: the handlers build their runtime from the
 * environment, as in Lambda, and everything the user would see is read back from the emulator.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetScheduleCommand, type GetScheduleCommandOutput, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SESEvent, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { DateTime } from 'luxon';
import PostalMime, { type Email } from 'postal-mime';
import { InboundMail } from '../../functions/inbound/inbound-mail';
import { SOONEST_REMINDER_MS } from '../../functions/workflows/reminders';
import baseEvent from '../fixtures/ses/lambda-receipt-event.json';
import {
  DIGEST_ARN,
  environmentRestorer,
  provisionWorkflowResources,
  REMINDER_ARN,
  SCHEDULER_ROLE_ARN,
  setLambdaEnvironment,
} from '../support/lambda-environment';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../support/moto-server';
import { CORPUS } from '../support/corpus';
import { storedInterviews, storedUserId } from '../support/stored-items';

const DOMAIN = 'rapport.example';
const TABLE = 'rapport-test';
const BUCKET = 'rapport-inbound-mail';
const PREFIX = 'inbound/';
const GROUP = 'rapport-reminders';
const QUEUE = 'rapport-inbound';

/** Homer forwards the corpus invitation (2024, long past); Lisa forwards one ten days ahead; Bart one Outlook forwarded as text. */
const HOMER = 'homer@example.com';
const LISA = 'lisa@example.com';
const BART = 'bart@example.com';
const STRANGER = 'marge@springfield.example';
/** A user whose zone the late-invitation test picks, so its times fall outside quiet hours whenever the suite runs. */
const MAUDE = 'maude@example.com';
const CORPUS_INVITE = path.join(CORPUS, 'invites/google_meet_invite_tallinn.eml');
const CORPUS_MESSAGE_ID = '<calendar-7791cb16-a4f3-43ae-a9a0-ed4003535ae7@google.com>';

type InboundHandler = typeof import('../../functions/handlers/inbound-email').handler;
type ProcessHandler = typeof import('../../functions/handlers/process-inbound').handler;
type ReminderHandler = typeof import('../../functions/handlers/reminder').handler;
type DigestHandler = typeof import('../../functions/handlers/weekly-digest').handler;

let moto: MotoServer;
let s3: S3Client;
let dynamo: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let scheduler: SchedulerClient;
let sqs: SQSClient;
let queueUrl: string;
let queueArn: string;
let inbound: InboundHandler;
let processInbound: ProcessHandler;
let reminder: ReminderHandler;
let weeklyDigest: DigestHandler;
const restoreEnvironment = environmentRestorer();

// ---- fixtures ------------------------------------------------------------------------------

type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

/**
 * An SES receipt event (Lambda action) for one stored message, from the real-shaped fixture:
 * only the fields that differ per message are replaced.
 */
function sesEvent(input: {
  messageId: string;
  from: string;
  headerMessageId: string;
  subject: string;
  recipients?: string[];
  /** MAIL FROM, the domain SPF checked; the From address when not given. */
  source?: string;
  spf?: Verdict;
  dkim?: Verdict;
  dmarc?: Verdict;
  dmarcPolicy?: 'none' | 'quarantine' | 'reject';
  spam?: Verdict;
}): SESEvent {
  const event = structuredClone(baseEvent) as SESEvent;
  const record = event.Records[0]!;
  const address = /<([^>]+)>/.exec(input.from)?.[1] ?? input.from;
  const recipients = input.recipients ?? [`log@${DOMAIN}`];
  const { mail, receipt } = record.ses;
  mail.messageId = input.messageId;
  mail.source = input.source ?? address;
  mail.destination = recipients;
  mail.headers = mail.headers.map((header) => {
    const replaced: Record<string, string> = {
      'return-path': `<${address}>`,
      from: input.from,
      to: recipients.join(', '),
      subject: input.subject,
      'message-id': input.headerMessageId,
    };
    return { name: header.name, value: replaced[header.name.toLowerCase()] ?? header.value };
  });
  mail.commonHeaders = {
    ...mail.commonHeaders,
    returnPath: address,
    from: [input.from],
    to: recipients,
    messageId: input.headerMessageId,
    subject: input.subject,
  };
  receipt.recipients = recipients;
  if (input.spf) receipt.spfVerdict = { status: input.spf };
  if (input.dkim) receipt.dkimVerdict = { status: input.dkim };
  if (input.dmarc) receipt.dmarcVerdict = { status: input.dmarc };
  if (input.dmarcPolicy) receipt.dmarcPolicy = input.dmarcPolicy;
  if (input.spam) receipt.spamVerdict = { status: input.spam };
  return event;
}

/** What SES's first receipt action does: the raw message into the bucket under `<prefix><messageId>`. */
async function storeRaw(messageId: string, raw: string | Uint8Array): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${messageId}`, Body: typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw }),
  );
}

// ---- the queue between the two inbound functions -------------------------------------------

/** Every message now visible on the inbound queue, received as Lambda's SQS poller receives them. */
async function drainQueue(): Promise<Message[]> {
  const received: Message[] = [];
  for (;;) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (!Messages?.length) return received;
    received.push(...Messages);
  }
}

/**
 * The SQS event Lambda's event source mapping builds from received messages
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html): camel-cased record fields, system
 * attributes as strings, message attributes with lower-case value keys.
 */
function sqsEvent(messages: Message[]): SQSEvent {
  return {
    Records: messages.map((message): SQSRecord => {
      const attributes = message.Attributes ?? {};
      const messageAttributes: SQSMessageAttributes = {};
      for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
        messageAttributes[name] = {
          dataType: value.DataType ?? 'String',
          ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
          ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
          stringListValues: value.StringListValues ?? [],
          binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
        };
      }
      return {
        messageId: message.MessageId!,
        receiptHandle: message.ReceiptHandle!,
        body: message.Body!,
        attributes: {
          ...attributes,
          ApproximateReceiveCount: attributes.ApproximateReceiveCount!,
          SentTimestamp: attributes.SentTimestamp!,
          SenderId: attributes.SenderId!,
          ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp!,
        },
        messageAttributes,
        md5OfBody: message.MD5OfBody!,
        ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: motoRegion,
      };
    }),
  };
}

interface Processed {
  /** The SQS messages process-inbound was given. */
  messages: Message[];
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * Whatever is on the queue → process-inbound, as one batch; the records it did not report as
 * failed are deleted, as the event source mapping does on a partial batch response.
 */
async function processQueue(): Promise<Processed> {
  const messages = await drainQueue();
  if (messages.length === 0) return { messages, batchItemFailures: [] };
  const { batchItemFailures } = await processInbound(sqsEvent(messages));
  const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
  for (const message of messages) {
    if (!failed.has(message.MessageId!))
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
  }
  return { messages, batchItemFailures };
}

interface Delivered extends Processed {
  /** What inbound-email returned. */
  inbound: { queued: number; ignored: number };
  /** The InboundMail records inbound-email queued (validated against the schema). */
  records: InboundMail[];
}

/**
 * Delivery through SES as deployed: the raw message is in S3 (when `raw` is given), the receipt
 * rule invokes inbound-email, and the queue's messages go to process-inbound.
 */
async function deliverViaSes(event: SESEvent, raw?: string | Uint8Array): Promise<Delivered> {
  if (raw !== undefined) await storeRaw(event.Records[0]!.ses.mail.messageId, raw);
  const queued = await inbound(event);
  const processed = await processQueue();
  return { inbound: queued, ...processed, records: processed.messages.map((m) => InboundMail.parse(JSON.parse(m.Body!))) };
}

/** The corpus invitation as the user forwards it: the same message, From rewritten to them. */
function corpusInviteFrom(from: string): string {
  const raw = readFileSync(CORPUS_INVITE, 'utf8');
  const rewritten = raw.replace(/^From: .*$/m, `From: ${from}`);
  expect(rewritten).not.toBe(raw);
  return rewritten;
}

/** A minimal calendar invitation (text/plain + text/calendar), as a mail client sends it. */
function calendarInvite(input: {
  from: string;
  messageId: string;
  uid: string;
  title: string;
  zone: string;
  startLocal: DateTime;
  minutes: number;
  organizer: { name: string; email: string };
  attendee: string;
}): string {
  const ics = (value: DateTime) => value.toFormat("yyyyMMdd'T'HHmmss");
  const calendar = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Rapport integration test//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `DTSTAMP:${DateTime.utc().toFormat("yyyyMMdd'T'HHmmss'Z'")}`,
    `DTSTART;TZID=${input.zone}:${ics(input.startLocal)}`,
    `DTEND;TZID=${input.zone}:${ics(input.startLocal.plus({ minutes: input.minutes }))}`,
    `SUMMARY:${input.title}`,
    `ORGANIZER;CN=${input.organizer.name}:mailto:${input.organizer.email}`,
    `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${input.attendee}`,
    'SEQUENCE:0',
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  const boundary = 'rapport-test-boundary';
  return [
    `From: ${input.from}`,
    `To: log@${DOMAIN}`,
    `Subject: Fwd: Invitation: ${input.title}`,
    // The forward's own Date, with the sender's offset: how the user's zone is first inferred.
    `Date: ${DateTime.now().setZone(input.zone).toRFC2822()}`,
    `Message-ID: ${input.messageId}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    `${input.title}`,
    `Organizer: ${input.organizer.name} <${input.organizer.email}>`,
    '',
    `--${boundary}`,
    'Content-Type: text/calendar; charset="UTF-8"; method=REQUEST',
    '',
    ...calendar,
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

// ---- reading back what the user would see -------------------------------------------------

interface SentMessage {
  id: string;
  parsed: Email;
  header(name: string): string | undefined;
}

/** Every message moto's SES accepted (SESv2 raw sends are kept by the SES v1 backend). */
async function sentMessages(): Promise<SentMessage[]> {
  const raw = ((await moto.data()).ses?.RawMessage ?? []) as { id: string; raw_data: string }[];
  return Promise.all(
    raw.map(async (message) => {
      const parsed = await PostalMime.parse(message.raw_data);
      return {
        id: message.id,
        parsed,
        header: (name: string) => parsed.headers.find((h) => h.key === name.toLowerCase())?.value,
      };
    }),
  );
}

async function sentTo(address: string): Promise<SentMessage[]> {
  return (await sentMessages()).filter((m) => m.parsed.to?.some((to) => to.address === address));
}

const userIdOf = (email: string) => storedUserId({ doc, tableName: TABLE }, email);
const interviewsOf = (userId: string) => storedInterviews({ doc, tableName: TABLE }, userId);

/** The raw-mail keys the table recorded for a user (what "delete my data" deletes). */
async function rawMailOf(userId: string): Promise<string[]> {
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':sk': 'RAWMAIL#' },
    }),
  );
  return (Items ?? []).map((item) => String(item.rawMailKey));
}

async function schedulesNamed(prefix: string): Promise<string[]> {
  const { Schedules } = await scheduler.send(new ListSchedulesCommand({ GroupName: GROUP, NamePrefix: prefix }));
  return (Schedules ?? []).map((s) => s.Name ?? '').sort();
}

const getSchedule = (name: string): Promise<GetScheduleCommandOutput> =>
  scheduler.send(new GetScheduleCommand({ GroupName: GROUP, Name: name }));

const atUtc = (value: DateTime): string => `at(${value.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss")})`;

// ---- setup ---------------------------------------------------------------------------------

beforeAll(async () => {
  moto = await startMotoServer();
  const config = { endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials };
  s3 = new S3Client({ ...config, forcePathStyle: true });
  dynamo = new DynamoDBClient(config);
  doc = DynamoDBDocumentClient.from(dynamo);
  scheduler = new SchedulerClient(config);
  sqs = new SQSClient(config);

  const workflowVariables = await provisionWorkflowResources(moto, {
    tableName: TABLE,
    groupName: GROUP,
    domain: DOMAIN,
    tokenKey: 'a-long-random-hmac-key-for-reply-tokens',
    rawMailBucket: BUCKET,
    allowedSenders: `${HOMER}, ${LISA}, ${BART}, ${MAUDE}`,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  // A long visibility timeout: a record reported as failed stays out of later batches of this file.
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: QUEUE, Attributes: { VisibilityTimeout: '600' } }))).QueueUrl!;
  queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;

  setLambdaEnvironment(moto, { ...workflowVariables, RAW_MAIL_PREFIX: PREFIX, INBOUND_QUEUE_URL: queueUrl });
  delete process.env.SES_CONFIGURATION_SET;

  // Imported only now: the handlers read the environment once per container (inbound-email at
  // module load). (require, not import(): tsc's node16 resolution would treat import() as ESM.)
  /* eslint-disable @typescript-eslint/no-require-imports */
  inbound = (require('../../functions/handlers/inbound-email') as { handler: InboundHandler }).handler;
  processInbound = (require('../../functions/handlers/process-inbound') as { handler: ProcessHandler }).handler;
  reminder = (require('../../functions/handlers/reminder') as { handler: ReminderHandler }).handler;
  weeklyDigest = (require('../../functions/handlers/weekly-digest') as { handler: DigestHandler }).handler;
  /* eslint-enable @typescript-eslint/no-require-imports */
});

afterAll(async () => {
  for (const client of [s3, dynamo, scheduler, sqs]) client?.destroy();
  await moto?.stop();
  restoreEnvironment();
});

// ---- the scenario --------------------------------------------------------------------------

describe('a forwarded corpus invitation (Google Calendar, Tallinn, April 2024)', () => {
  const messageId = 'a1b2c3corpus0tallinn0google0meet0001';
  const event = () =>
    sesEvent({ messageId, from: `Homer <${HOMER}>`, headerMessageId: CORPUS_MESSAGE_ID, subject: 'Invitation: Test event' });

  it('is logged with its title and UTC start, with the organizer as the contact', async () => {
    const delivered = await deliverViaSes(event(), corpusInviteFrom(`Homer <${HOMER}>`));

    expect(delivered.inbound).toEqual({ queued: 1, ignored: 0 });
    expect(delivered.records).toEqual([
      expect.objectContaining({
        deliveryId: messageId,
        authenticated: true,
        messageId: CORPUS_MESSAGE_ID,
        from: { address: HOMER, name: 'Homer' },
      }),
    ]);
    expect(delivered.batchItemFailures).toEqual([]);
    const userId = await userIdOf(HOMER);
    expect(userId).toBeDefined();
    const [interview, ...others] = await interviewsOf(userId!);
    expect(others).toHaveLength(0);
    expect(interview).toMatchObject({
      title: 'Test event ⏰',
      startUtc: '2024-04-11T08:00:00Z',
      endUtc: '2024-04-11T09:00:00Z',
      status: 'scheduled',
      contact: { email: 'andris@postalsys.com', name: 'Andris Reinman' },
      threadMessageId: CORPUS_MESSAGE_ID,
    });
    // Long past: no prep brief, and the thank-you window closed long ago.
    expect(await schedulesNamed(String(interview!.interviewId))).toEqual([]);
  });

  it('is confirmed to the user by SES, threaded on the forwarded message', async () => {
    const [confirmation, ...more] = await sentTo(HOMER);
    expect(more).toHaveLength(0);
    const { parsed, header } = confirmation!;
    expect(parsed.subject).toMatch(/^Logged: .*Andris Reinman/);
    expect(parsed.from?.address).toBe(`log@${DOMAIN}`);
    expect(parsed.replyTo?.[0]?.address).toMatch(new RegExp(`^reply\\+[^@]+@${DOMAIN.replace('.', '\\.')}$`));
    expect(parsed.inReplyTo).toBe(CORPUS_MESSAGE_ID);
    expect(header('auto-submitted')).toBe('auto-replied');
    expect(parsed.text).toContain('Test event ⏰');
    expect(parsed.text).toContain('andris@postalsys.com');
    expect(parsed.html).toContain('Test event ⏰');
  });

  it('creates the user with a weekly digest schedule in their zone', async () => {
    const userId = (await userIdOf(HOMER))!;
    const digest = await getSchedule(`${userId}-digest`);
    expect(digest.ScheduleExpression).toBe('cron(0 8 ? * MON *)');
    expect(digest.Target?.Arn).toBe(DIGEST_ARN);
    expect(JSON.parse(digest.Target?.Input ?? '')).toEqual({ kind: 'weekly-digest', userId });
  });
});

describe('an invitation ten days ahead (Berlin)', () => {
  const zone = 'Europe/Berlin';
  const messageId = 'f9e8d7future0invite0berlin000000001';
  const headerMessageId = `<coffee-${Date.now()}@mail.example.com>`;
  const startLocal = DateTime.now().setZone(zone).plus({ days: 10 }).set({ hour: 15, minute: 0, second: 0, millisecond: 0 });
  const title = 'Coffee chat: Lisa / Jane';
  const event = () => sesEvent({ messageId, from: `Lisa <${LISA}>`, headerMessageId, subject: `Fwd: Invitation: ${title}` });
  let userId: string;
  let interviewId: string;

  const raw = () =>
    calendarInvite({
      from: `Lisa <${LISA}>`,
      messageId: headerMessageId,
      uid: `coffee-${Date.now()}@acme.com`,
      title,
      zone,
      startLocal,
      minutes: 30,
      organizer: { name: 'Jane Doe', email: 'jane.doe@acme.com' },
      attendee: LISA,
    });

  it('is logged, and its three reminders are scheduled at the right UTC times', async () => {
    const delivered = await deliverViaSes(event(), raw());
    expect(delivered.inbound).toEqual({ queued: 1, ignored: 0 });
    expect(delivered.messages).toHaveLength(1);
    expect(delivered.batchItemFailures).toEqual([]);
    userId = (await userIdOf(LISA))!;
    const [interview] = await interviewsOf(userId);
    interviewId = String(interview!.interviewId);
    expect(interview).toMatchObject({
      title,
      startUtc: startLocal.toUTC().toISO({ suppressMilliseconds: true }),
      contact: { email: 'jane.doe@acme.com', name: 'Jane Doe' },
    });

    const { Item: profile } = await doc.send(new GetCommand({ TableName: TABLE, Key: { PK: `USER#${userId}`, SK: 'PROFILE' } }));
    expect(profile?.timeZone).toBe(zone);

    expect(await schedulesNamed(interviewId)).toEqual([`${interviewId}-nudge`, `${interviewId}-prep`, `${interviewId}-thanks`]);
    const end = startLocal.plus({ minutes: 30 });
    const expected = {
      prep: { at: startLocal.minus({ days: 1 }), kind: 'prep-brief' }, // the day before, same local time
      thanks: { at: end.plus({ hours: 1 }), kind: 'thank-you' },
      nudge: { at: end.plus({ hours: 20 }), kind: 'thank-you-nudge' },
    };
    for (const [suffix, { at, kind }] of Object.entries(expected)) {
      const schedule = await getSchedule(`${interviewId}-${suffix}`);
      expect(schedule.ScheduleExpression).toBe(atUtc(at));
      expect(schedule.ScheduleExpressionTimezone).toBe('UTC');
      expect(schedule.ActionAfterCompletion).toBe('DELETE');
      expect(schedule.Target?.Arn).toBe(REMINDER_ARN);
      expect(schedule.Target?.RoleArn).toBe(SCHEDULER_ROLE_ARN);
      expect(JSON.parse(schedule.Target?.Input ?? '')).toEqual({ kind, userId, interviewId, version: 1 });
    }
  });

  it('is confirmed once, with the time in the user zone', async () => {
    const messages = await sentTo(LISA);
    expect(messages.map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/^Logged: .*Jane Doe/)]);
    const { parsed, header } = messages[0]!;
    expect(parsed.inReplyTo).toBe(headerMessageId);
    expect(parsed.replyTo?.[0]?.address).toMatch(/^reply\+.+@rapport\.example$/);
    expect(header('auto-submitted')).toBe('auto-replied');
    // Times in the user's zone, the zone named: 15:00 Berlin, not the UTC hour.
    expect(parsed.subject).toContain('15:00');
    expect(parsed.text).toMatch(/15:00.*\(Europe\/Berlin\)/);
    expect(parsed.html).toContain('Jane Doe');
  });

  it('sends exactly one prep brief when the Scheduler delivers the reminder twice', async () => {
    const input = JSON.parse((await getSchedule(`${interviewId}-prep`)).Target?.Input ?? '') as unknown;

    expect(await reminder(input)).toBe('sent');
    expect(await reminder(input)).toBe('already-sent');

    const briefs = (await sentTo(LISA)).filter((m) => m.parsed.subject?.startsWith('Prep brief:'));
    expect(briefs).toHaveLength(1);
    expect(briefs[0]!.parsed.subject).toMatch(/Jane Doe.*15:00/);
    expect(briefs[0]!.parsed.html).toContain('Jane Doe');
    expect(briefs[0]!.header('auto-submitted')).toBe('auto-generated');
    expect(briefs[0]!.parsed.inReplyTo).toBe(headerMessageId);
  });

  it('drops a duplicate SES delivery of the same message', async () => {
    const before = (await sentTo(LISA)).length;
    // The raw message is still in the bucket; SES invokes the function again with the same event.
    const delivered = await deliverViaSes(event());
    expect(delivered.inbound).toEqual({ queued: 1, ignored: 0 });
    expect(delivered.batchItemFailures).toEqual([]);
    expect(await sentTo(LISA)).toHaveLength(before);
    expect(await interviewsOf(userId)).toHaveLength(1);
  });

  it('sends one weekly digest listing the upcoming interview', async () => {
    expect(await weeklyDigest({ kind: 'weekly-digest', userId })).toBe('sent');
    expect(await weeklyDigest({ kind: 'weekly-digest', userId })).toBe('already-sent');
    const digests = (await sentTo(LISA)).filter((m) => m.parsed.subject?.startsWith('Your week in informational interviews'));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.parsed.text).toContain('Jane Doe');
  });
});

describe('an invitation forwarded as text only (Outlook, New York, twelve days ahead)', () => {
  const zone = 'America/New_York';
  const messageId = 'b4r7text0only0outlook0newyork000001';
  const headerMessageId = `<text-forward-${Date.now()}@mail.example.com>`;
  // Twelve days ahead may cross a DST change: the label keeps "(UTC-05:00)", the zone's rules decide.
  const startLocal = DateTime.now().setZone(zone).plus({ days: 12 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  const when = `${startLocal.setLocale('en-US').toFormat('cccc, LLLL d, yyyy h:mm a')}-10:30 AM (UTC-05:00) Eastern Time (US & Canada).`;
  const raw = [
    `From: Bart <${BART}>`,
    `To: log@${DOMAIN}`,
    'Subject: FW: Coffee chat with Jane',
    `Date: ${DateTime.now().setZone(zone).toRFC2822()}`,
    `Message-ID: ${headerMessageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    '-----Original Appointment-----',
    'From: Jane Doe <jane.doe@acme.com>',
    'To: Bart',
    'Subject: Coffee chat with Jane',
    `When: ${when}`,
    'Where: Microsoft Teams Meeting',
    '',
  ].join('\r\n');

  it('is queued with its labelled time unread, and confirmed by process-inbound at 10:00 New York time', async () => {
    const delivered = await deliverViaSes(
      sesEvent({ messageId, from: `Bart <${BART}>`, headerMessageId, subject: 'FW: Coffee chat with Jane' }),
      raw,
    );

    expect(delivered.inbound).toEqual({ queued: 1, ignored: 0 });
    expect(delivered.batchItemFailures).toEqual([]);
    // The record (validated by the InboundMail schema) carries the label's text; inbound-email read no time.
    expect(delivered.records.map((r) => r.invitation)).toEqual([
      expect.objectContaining({
        found: 'text-invitation',
        documents: [expect.objectContaining({ title: 'Coffee chat with Jane', organizerEmail: 'jane.doe@acme.com', when: [when] })],
      }),
    ]);

    const userId = (await userIdOf(BART))!;
    const [interview] = await interviewsOf(userId);
    expect(interview).toMatchObject({
      title: 'Coffee chat with Jane',
      startUtc: startLocal.toUTC().toISO({ suppressMilliseconds: true }),
      contact: { email: 'jane.doe@acme.com', name: 'Jane Doe' },
    });
    const messages = await sentTo(BART);
    expect(messages.map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/^Logged: .*Jane Doe.*10:00/)]);
    expect(messages[0]!.parsed.text).toMatch(/10:00.*\(America\/New_York\)/);
    expect(messages[0]!.parsed.inReplyTo).toBe(headerMessageId);
  });
});

describe('senders Rapport does not serve', () => {
  it('answers nothing and stores nothing for a spoofed sender (DMARC fail)', async () => {
    const messageId = 'c0ffee0spoofed0sender0dmarc0fail0001';
    const homerId = (await userIdOf(HOMER))!;
    const interviewsBefore = (await interviewsOf(homerId)).length;
    const sentBefore = (await sentMessages()).length;
    const raw = calendarInvite({
      from: `Homer <${HOMER}>`,
      messageId: '<spoof-1@attacker.example>',
      uid: 'spoofed-event@attacker.example',
      title: 'Not really from Homer',
      zone: 'Europe/Berlin',
      startLocal: DateTime.now().setZone('Europe/Berlin').plus({ days: 5 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 }),
      minutes: 30,
      organizer: { name: 'Mallory', email: 'mallory@attacker.example' },
      attendee: HOMER,
    });

    const delivered = await deliverViaSes(
      sesEvent({
        messageId,
        from: `Homer <${HOMER}>`,
        headerMessageId: '<spoof-1@attacker.example>',
        subject: 'Invitation',
        dmarc: 'FAIL',
        dmarcPolicy: 'reject',
      }),
      raw,
    );

    // Queued, marked unauthenticated: process-inbound is where it is dropped.
    expect(delivered.inbound).toEqual({ queued: 1, ignored: 0 });
    expect(delivered.records).toEqual([expect.objectContaining({ deliveryId: messageId, authenticated: false })]);
    expect(delivered.batchItemFailures).toEqual([]);
    expect(await sentMessages()).toHaveLength(sentBefore);
    expect(await interviewsOf(homerId)).toHaveLength(interviewsBefore);
  });

  describe('a sender whose domain publishes no DMARC record (DMARC verdict GRAY)', () => {
    const invite = (n: number, dkimDomain?: string) => {
      const raw = calendarInvite({
        from: `Lisa <${LISA}>`,
        messageId: `<no-dmarc-${n}@example.com>`,
        uid: `no-dmarc-${n}@example.com`,
        title: `Call ${n} without DMARC`,
        zone: 'Europe/Berlin',
        startLocal: DateTime.now().setZone('Europe/Berlin').plus({ days: 12 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 }),
        minutes: 30,
        organizer: { name: 'Jane Doe', email: 'jane.doe@acme.com' },
        attendee: LISA,
      });
      // A signature header as a DKIM signer writes it (only its d= tag is read here; SES checked the signature).
      return dkimDomain ? `DKIM-Signature: v=1; a=rsa-sha256; d=${dkimDomain}; s=s1; h=from:to:subject; bh=AAAA; b=BBBB\r\n${raw}` : raw;
    };
    const deliver = (n: number, raw: string, verdicts: { spf: Verdict; dkim: Verdict; source?: string }) => {
      const messageId = `c0ffee0no0dmarc0record0000000000000${n}`;
      return deliverViaSes(
        sesEvent({
          messageId,
          from: `Lisa <${LISA}>`,
          headerMessageId: `<no-dmarc-${n}@example.com>`,
          subject: 'Invitation',
          dmarc: 'GRAY',
          ...verdicts,
        }),
        raw,
      );
    };

    it('answers one whose SPF passes for the From domain', async () => {
      const before = (await sentTo(LISA)).length;
      const delivered = await deliver(1, invite(1), { spf: 'PASS', dkim: 'GRAY', source: `bounces@example.com` });
      expect(delivered.records).toEqual([expect.objectContaining({ authenticated: true })]);
      const answers = (await sentTo(LISA)).slice(before);
      expect(answers.map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/^Logged: call with Jane Doe/)]);
    });

    it('answers one whose DKIM signature passes for the From domain, though SPF passed for another', async () => {
      const before = (await sentTo(LISA)).length;
      const delivered = await deliver(2, invite(2, 'example.com'), { spf: 'PASS', dkim: 'PASS', source: 'bounce@mailer.example' });
      expect(delivered.records).toEqual([expect.objectContaining({ authenticated: true })]);
      expect((await sentTo(LISA)).slice(before).map((m) => m.parsed.subject)).toEqual([
        expect.stringMatching(/^Logged: call with Jane Doe/),
      ]);
    });

    it('answers nothing when SPF and DKIM pass only for other domains', async () => {
      const sentBefore = (await sentMessages()).length;
      const delivered = await deliver(3, invite(3, 'mailer.example'), { spf: 'PASS', dkim: 'PASS', source: 'eve@mailer.example' });
      expect(delivered.records).toEqual([expect.objectContaining({ authenticated: false })]);
      expect(await sentMessages()).toHaveLength(sentBefore);
    });
  });

  it('acts on nothing SES judged spam (spam verdict FAIL), even from an allowed, authenticated sender', async () => {
    const messageId = 'c0ffee0spam0verdict0fail000000000001';
    const sentBefore = (await sentMessages()).length;
    const raw = corpusInviteFrom(`Lisa <${LISA}>`).replace(/^Message-ID: .*$/im, 'Message-ID: <spam-1@example.com>');
    const delivered = await deliverViaSes(
      sesEvent({ messageId, from: `Lisa <${LISA}>`, headerMessageId: '<spam-1@example.com>', subject: 'Invitation', spam: 'FAIL' }),
      raw,
    );
    expect(delivered.inbound).toEqual({ queued: 0, ignored: 1 });
    expect(delivered.records).toEqual([]);
    expect(await sentMessages()).toHaveLength(sentBefore);
  });

  it('never acts on a message with two From addresses, the first of them allowed', async () => {
    const messageId = 'c0ffee0two0from0addresses0000000001';
    const sentBefore = (await sentMessages()).length;
    const from = `Homer <${HOMER}>, Mallory <mallory@attacker.example>`;
    const raw = corpusInviteFrom(from).replace(/^Message-ID: .*$/im, 'Message-ID: <two-from-1@attacker.example>');
    const delivered = await deliverViaSes(
      sesEvent({ messageId, from, headerMessageId: '<two-from-1@attacker.example>', subject: 'Invitation' }),
      raw,
    );
    expect(delivered.inbound).toEqual({ queued: 0, ignored: 1 });
    expect(delivered.records).toEqual([]);
    expect(await sentMessages()).toHaveLength(sentBefore);
  });

  it('tells a sender who is not allowed, once, and creates no user or interview', async () => {
    const messageId = 'd00d0stranger0not0allowed0000000001';
    const event = sesEvent({
      messageId,
      from: `Marge <${STRANGER}>`,
      headerMessageId: CORPUS_MESSAGE_ID,
      subject: 'Invitation: Test event',
    });

    const first = await deliverViaSes(event, corpusInviteFrom(`Marge <${STRANGER}>`));
    const again = await deliverViaSes(event);
    for (const delivered of [first, again]) {
      expect(delivered.inbound).toEqual({ queued: 1, ignored: 0 });
      expect(delivered.batchItemFailures).toEqual([]);
    }

    const replies = await sentTo(STRANGER);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.parsed.subject).toMatch(/isn't enabled/);
    expect(replies[0]!.parsed.inReplyTo).toBe(CORPUS_MESSAGE_ID);
    expect(replies[0]!.header('auto-submitted')).toBe('auto-replied');
    expect(await userIdOf(STRANGER)).toBeUndefined();
  });
});

describe('an invitation logged too late for its prep brief', () => {
  it('schedules the due prep brief a minute out instead of sending it from the inbound path', async () => {
    // This path runs on the real clock, and every reminder waits out the user's quiet hours
    // (22:00–07:00 local): a fixed zone made the test pass only when run between about 06:30 and
    // 16:30 UTC. A new user whose zone reads about 11:00 now keeps now, the end + 1 h and the end
    // + 20 h all in the day, whatever the hour the suite runs.
    const utcOffsetHours = ((11 - DateTime.utc().hour + 36) % 24) - 12;
    const zone = utcOffsetHours === 0 ? 'Etc/GMT' : `Etc/GMT${utcOffsetHours > 0 ? '-' : '+'}${Math.abs(utcOffsetHours)}`;
    const messageId = 'e1a7e0logged0late0prep0due00000001';
    const headerMessageId = `<late-${Date.now()}@mail.example.com>`;
    // In three hours: the prep brief (the day before) is already due, the thank-you is not.
    const startLocal = DateTime.now().setZone(zone).plus({ hours: 3 }).startOf('minute');
    const sentBefore = (await sentTo(MAUDE)).length;

    const before = Date.now();
    const delivered = await deliverViaSes(
      sesEvent({ messageId, from: `Maude <${MAUDE}>`, headerMessageId, subject: 'Fwd: Invitation: Call with Ned' }),
      calendarInvite({
        from: `Maude <${MAUDE}>`,
        messageId: headerMessageId,
        uid: `late-${Date.now()}@flanders.example`,
        title: 'Call with Ned',
        zone,
        startLocal,
        minutes: 30,
        organizer: { name: 'Ned Flanders', email: 'ned@flanders.example' },
        attendee: MAUDE,
      }),
    );
    const after = Date.now();
    expect(delivered.inbound).toEqual({ queued: 1, ignored: 0 });
    expect(delivered.batchItemFailures).toEqual([]);

    const maudeId = (await userIdOf(MAUDE))!;
    const interview = (await interviewsOf(maudeId)).find((i) => i.title === 'Call with Ned');
    expect(interview).toMatchObject({ startUtc: startLocal.toUTC().toISO({ suppressMilliseconds: true }), status: 'scheduled' });
    const interviewId = String(interview!.interviewId);
    expect(await schedulesNamed(interviewId)).toEqual([`${interviewId}-nudge`, `${interviewId}-prep`, `${interviewId}-thanks`]);

    const prep = await getSchedule(`${interviewId}-prep`);
    const soonest = (at: number) => atUtc(DateTime.fromMillis(at + SOONEST_REMINDER_MS));
    expect(prep.ScheduleExpression! >= soonest(before)).toBe(true);
    expect(prep.ScheduleExpression! <= soonest(after)).toBe(true);
    expect(JSON.parse(prep.Target?.Input ?? '')).toEqual({ kind: 'prep-brief', userId: maudeId, interviewId, version: 1 });
    const end = startLocal.plus({ minutes: 30 });
    expect((await getSchedule(`${interviewId}-thanks`)).ScheduleExpression).toBe(atUtc(end.plus({ hours: 1 })));
    expect((await getSchedule(`${interviewId}-nudge`)).ScheduleExpression).toBe(atUtc(end.plus({ hours: 20 })));

    // Only the confirmation went out; the prep brief waits for its schedule.
    const sent = (await sentTo(MAUDE)).slice(sentBefore);
    expect(sent.map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/^Logged: .*Ned Flanders/)]);
  });
});

describe('what the inbound functions refuse', () => {
  it('reports queue records that do not match the InboundMail schema, alone, and sends nothing for them', async () => {
    const ned = 'ned@flanders.example';
    const todd = 'todd@flanders.example';
    const record = (address: string) => ({
      deliveryId: `queue-${address}`,
      envelopeFrom: address,
      recipients: [`log@${DOMAIN}`],
      authenticated: true,
      from: { address },
      messageId: `<${address}-${Date.now()}@flanders.example>`,
      headers: [],
      invitation: { ok: false, reason: 'no-invitation', detail: 'nothing' },
      replyText: 'Hi there',
    });
    const sentBefore = (await sentMessages()).length;
    const send = async (body: string) => (await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }))).MessageId!;
    // A string where the schema says boolean: truthy, so only the schema stands between it and a reply.
    const mismatched = await send(JSON.stringify({ ...record(ned), authenticated: 'true' }));
    const notJson = await send('{"deliveryId": "truncated');
    await send(JSON.stringify(record(todd)));

    const { messages, batchItemFailures } = await processQueue();

    expect(messages).toHaveLength(3);
    expect(batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([mismatched, notJson].sort());
    expect(await sentTo(ned)).toHaveLength(0);
    // The valid record of the same batch was processed: Todd is told Rapport is not enabled for him.
    expect((await sentTo(todd)).map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/isn't enabled/)]);
    expect(await sentMessages()).toHaveLength(sentBefore + 1);
    // The failed records stay on the queue for SQS to retry (then dead-letter); the valid one was deleted.
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '2' });
    for (const message of messages.filter((m) => m.MessageId === mismatched || m.MessageId === notJson)) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  });

  it('ignores an unreadable raw message in inbound-email: nothing queued, nothing sent', async () => {
    const messageId = 'bad0b1nary0junk0in0the0bucket000001';
    // Binary junk with no line break: a "header block" past the parser's limit, so no header reads.
    const junk = Buffer.alloc(1024 * 1024 + 4096);
    for (let i = 0; i < junk.length; i += 1) junk[i] = 0x80 + ((i * 37) % 0x7f);
    const sentBefore = (await sentMessages()).length;

    const delivered = await deliverViaSes(
      sesEvent({ messageId, from: `Homer <${HOMER}>`, headerMessageId: '<junk@example.com>', subject: 'junk' }),
      junk,
    );

    expect(delivered.inbound).toEqual({ queued: 0, ignored: 1 });
    expect(delivered.messages).toHaveLength(0);
    expect(await sentMessages()).toHaveLength(sentBefore);
  });

  it('answers nothing for short binary junk (no header a sender can be read from)', async () => {
    const messageId = 'bad0b1nary0junk0short0png000000001';
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000d4944415478da63f8cfc0f01f0005000201a3a6f7d20000000049454e44ae426082',
      'hex',
    );
    const homerId = (await userIdOf(HOMER))!;
    const interviewsBefore = (await interviewsOf(homerId)).length;
    const sentBefore = (await sentMessages()).length;

    const delivered = await deliverViaSes(
      sesEvent({ messageId, from: `Homer <${HOMER}>`, headerMessageId: '<png@example.com>', subject: 'png' }),
      png,
    );

    // postal-mime reads junk lines as headers, so inbound-email may queue this (with no From);
    // process-inbound then drops it as automated mail. Either way nothing is answered.
    expect(delivered.inbound.queued + delivered.inbound.ignored).toBe(1);
    expect(delivered.records.every((r) => r.from === undefined)).toBe(true);
    expect(delivered.batchItemFailures).toEqual([]);
    expect(await sentMessages()).toHaveLength(sentBefore);
    expect(await interviewsOf(homerId)).toHaveLength(interviewsBefore);
  });
});

describe('"delete my data" in AWS', () => {
  /** A plain reply from Homer to one of Rapport's reply addresses, as SES delivers it. */
  async function replyViaSes(n: number, to: string, text: string): Promise<Delivered> {
    const messageId = `de1e7e0homer0reply0${String(n).padStart(16, '0')}`;
    const headerMessageId = `<delete-${n}@example.com>`;
    const raw = [
      `From: Homer <${HOMER}>`,
      `To: ${to}`,
      'Subject: Re: Rapport',
      `Message-ID: ${headerMessageId}`,
      'Date: Tue, 1 Dec 2026 10:00:00 +0000',
      '',
      text,
      '',
    ].join('\r\n');
    return deliverViaSes(sesEvent({ messageId, from: `Homer <${HOMER}>`, headerMessageId, subject: 'Re: Rapport', recipients: [to] }), raw);
  }
  const objectKeys = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX }))).Contents ?? []).map((o) => o.Key!);

  it("deletes the raw mail the user sent from the mail bucket, and nobody else's", async () => {
    const homerId = (await userIdOf(HOMER))!;
    const lisaKeys = (await rawMailOf((await userIdOf(LISA))!)).sort();
    expect(lisaKeys.length).toBeGreaterThan(0);
    const confirmation = (await sentTo(HOMER))[0]!;

    await replyViaSes(1, confirmation.parsed.replyTo![0]!.address!, 'delete my data');
    const request = (await sentTo(HOMER)).at(-1)!;
    expect(request.parsed.text).toContain('yes, delete my data');
    const homerKeys = await rawMailOf(homerId);
    expect(homerKeys).toEqual(
      expect.arrayContaining([`${PREFIX}a1b2c3corpus0tallinn0google0meet0001`, `${PREFIX}de1e7e0homer0reply00000000000000001`]),
    );
    expect(await objectKeys()).toEqual(expect.arrayContaining(homerKeys));

    const confirmed = await replyViaSes(2, request.parsed.replyTo![0]!.address!, 'yes, delete my data');
    expect(confirmed.batchItemFailures).toEqual([]);
    expect(await userIdOf(HOMER)).toBeUndefined();
    const left = await objectKeys();
    for (const key of [...homerKeys, `${PREFIX}de1e7e0homer0reply00000000000000002`]) expect(left).not.toContain(key);
    expect(left).toEqual(expect.arrayContaining(lisaKeys));
    const done = (await sentTo(HOMER)).at(-1)!;
    expect(done.parsed.text).toMatch(/the raw copies of \d+ emails you sent Rapport/);
  });
});
