import { CreateBucketCommand, ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateScheduleGroupCommand, GetScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import PostalMime from 'postal-mime';
import { EventBridgeScheduler } from '../../functions/adapters/aws/eventbridge-scheduler';
import { S3RawMailStore } from '../../functions/adapters/aws/s3-raw-mail-store';
import { SesIdentityNotVerifiedError, SesV2Mailer } from '../../functions/adapters/aws/sesv2-mailer';
import { type OutboundEmail, PermanentSendError } from '../../functions/ports';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../support/moto-server';

const GROUP = 'rapport-reminders';
const reminderTarget = {
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:rapport-reminder',
  roleArn: 'arn:aws:iam::123456789012:role/rapport-scheduler',
};
const digestTarget = {
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:rapport-digest',
  roleArn: 'arn:aws:iam::123456789012:role/rapport-scheduler',
};

let moto: MotoServer;
let schedulerClient: SchedulerClient;
let sesClient: SESv2Client;
let s3Client: S3Client;

beforeAll(async () => {
  moto = await startMotoServer();
  const config = { endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials };
  schedulerClient = new SchedulerClient(config);
  sesClient = new SESv2Client(config);
  s3Client = new S3Client({ ...config, forcePathStyle: true });
});

afterAll(async () => {
  for (const client of [schedulerClient, sesClient, s3Client]) client?.destroy();
  await moto?.stop();
});

describe('EventBridgeScheduler', () => {
  let scheduler: EventBridgeScheduler;
  const getSchedule = (name: string) => schedulerClient.send(new GetScheduleCommand({ Name: name, GroupName: GROUP }));

  beforeAll(async () => {
    await schedulerClient.send(new CreateScheduleGroupCommand({ Name: GROUP }));
    scheduler = new EventBridgeScheduler({ client: schedulerClient, groupName: GROUP, reminderTarget, digestTarget });
  });

  it('creates a one-time reminder at a UTC time that deletes itself after firing', async () => {
    const event = { kind: 'prep-brief', userId: 'u-1', interviewId: 'i-1', version: 1 } as const;
    // 24 h before 15:00 Berlin on 3 Dec: 14:00 UTC on 2 Dec.
    await scheduler.scheduleOnce({ name: 'i-1-prep', atUtc: new Date('2025-12-02T14:00:00.000Z'), event });

    const schedule = await getSchedule('i-1-prep');
    expect(schedule.ScheduleExpression).toBe('at(2025-12-02T14:00:00)');
    expect(schedule.ScheduleExpressionTimezone).toBe('UTC');
    expect(schedule.ActionAfterCompletion).toBe('DELETE');
    expect(schedule.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(schedule.Target?.Arn).toBe(reminderTarget.arn);
    expect(schedule.Target?.RoleArn).toBe(reminderTarget.roleArn);
    expect(JSON.parse(schedule.Target?.Input ?? '')).toEqual(event);
  });

  it('moves an existing reminder when it is scheduled again under the same name', async () => {
    const event = { kind: 'thank-you', userId: 'u-1', interviewId: 'i-2', version: 1 } as const;
    await scheduler.scheduleOnce({ name: 'i-2-thank-you', atUtc: new Date('2025-12-03T15:30:00Z'), event });
    await scheduler.scheduleOnce({
      name: 'i-2-thank-you',
      atUtc: new Date('2025-12-04T15:30:00Z'),
      event: { ...event, version: 2 },
    });

    const schedule = await getSchedule('i-2-thank-you');
    expect(schedule.ScheduleExpression).toBe('at(2025-12-04T15:30:00)');
    expect(JSON.parse(schedule.Target?.Input ?? '')).toEqual({ ...event, version: 2 });
  });

  it('cancels a reminder, and cancelling a missing one is fine', async () => {
    const event = { kind: 'thank-you-nudge', userId: 'u-1', interviewId: 'i-3', version: 1 } as const;
    await scheduler.scheduleOnce({ name: 'i-3-nudge', atUtc: new Date('2025-12-05T10:00:00Z'), event });
    await scheduler.cancel('i-3-nudge');
    await expect(getSchedule('i-3-nudge')).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(scheduler.cancel('i-3-nudge')).resolves.toBeUndefined();
    await expect(scheduler.cancel('never-existed')).resolves.toBeUndefined();
  });

  it("schedules the weekly digest as a cron in the user's own time zone, spread over the hour after it", async () => {
    const event = { kind: 'weekly-digest', userId: 'u-1' } as const;
    await scheduler.scheduleWeekly({ name: 'u-1-digest', weekday: 1, time: '08:00', timeZone: 'Europe/Berlin', event });
    await scheduler.scheduleWeekly({ name: 'u-1-digest', weekday: 5, time: '17:30', timeZone: 'America/New_York', event });

    const schedule = await getSchedule('u-1-digest');
    expect(schedule.ScheduleExpression).toBe('cron(30 17 ? * FRI *)');
    expect(schedule.ScheduleExpressionTimezone).toBe('America/New_York');
    // Spread over the hour after 17:30, so that one zone's digests do not reach SES in one second.
    expect(schedule.FlexibleTimeWindow).toEqual({ Mode: 'FLEXIBLE', MaximumWindowInMinutes: 60 });
    expect(schedule.Target?.Arn).toBe(digestTarget.arn);
    expect(JSON.parse(schedule.Target?.Input ?? '')).toEqual(event);
  });
});

describe('SesV2Mailer', () => {
  beforeAll(async () => {
    await sesClient.send(new CreateEmailIdentityCommand({ EmailIdentity: 'rapport.example' }));
  });

  it('sends the composed message raw and returns the Message-ID SES sends it with', async () => {
    const email: OutboundEmail = {
      from: 'Rapport <log@rapport.example>',
      to: 'ada@example.com',
      replyTo: 'reply+tok3n@rapport.example',
      subject: 'Thank-you draft: Jane Doe (Acme)',
      text: 'Dear Jane,\nThank you for your time.',
      html: '<p>Dear Jane,</p><p>Thank you for your time.</p>',
      inReplyTo: '<prep@rapport.example>',
      references: ['<prep@rapport.example>'],
      autoSubmitted: 'auto-generated',
    };
    const { messageId } = await new SesV2Mailer({ client: sesClient }).send(email);

    const sent = (await moto.data()).ses?.RawMessage as { id: string; raw_data: string }[];
    const raw = sent.find((message) => messageId === `<${message.id}@email.amazonses.com>`);
    expect(raw).toBeDefined();
    const parsed = await PostalMime.parse(raw?.raw_data ?? '');
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.replyTo?.[0]?.address).toBe('reply+tok3n@rapport.example');
    expect(parsed.inReplyTo).toBe('<prep@rapport.example>');
    expect(parsed.headers.find((h) => h.key === 'auto-submitted')?.value).toBe('auto-generated');
    expect(parsed.text).toContain('Thank you for your time.');
    expect(parsed.html).toContain('<p>Thank you for your time.</p>');
  });

  it('holds a send SES refuses for an unverified identity (retryable, not given up)', async () => {
    const email: OutboundEmail = {
      from: 'Rapport <log@unverified.example>',
      to: 'ada@example.com',
      subject: 'Prep brief',
      text: 'Hello',
      html: '<p>Hello</p>',
      autoSubmitted: 'auto-generated',
    };
    const sending = new SesV2Mailer({ client: sesClient }).send(email);
    await expect(sending).rejects.toBeInstanceOf(SesIdentityNotVerifiedError);
    await expect(sending).rejects.not.toBeInstanceOf(PermanentSendError);
  });
});

describe('S3RawMailStore', () => {
  it('reads the raw bytes SES stored for an inbound message', async () => {
    const raw = Buffer.from('From: ada@example.com\r\nSubject: Grüße\r\n\r\nhello\r\n', 'utf8');
    await s3Client.send(new CreateBucketCommand({ Bucket: 'rapport-inbound' }));
    await s3Client.send(new PutObjectCommand({ Bucket: 'rapport-inbound', Key: 'inbound/abc123', Body: raw }));

    const store = new S3RawMailStore({ client: s3Client, bucket: 'rapport-inbound', prefix: 'inbound/' });
    expect(store.keyFor('abc123')).toBe('inbound/abc123');
    expect(Buffer.from(await store.get('inbound/abc123'))).toEqual(raw);
    await expect(store.get('inbound/missing')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('deletes a raw message for good, and takes a message already gone in its stride', async () => {
    await s3Client.send(new CreateBucketCommand({ Bucket: 'rapport-delete' }));
    await s3Client.send(
      new PutObjectCommand({ Bucket: 'rapport-delete', Key: 'inbound/mine', Body: 'From: ada@example.com\r\n\r\nmine\r\n' }),
    );
    await s3Client.send(
      new PutObjectCommand({ Bucket: 'rapport-delete', Key: 'inbound/theirs', Body: 'From: bob@example.com\r\n\r\ntheirs\r\n' }),
    );
    const store = new S3RawMailStore({ client: s3Client, bucket: 'rapport-delete', prefix: 'inbound/' });

    await store.delete('inbound/mine');
    await store.delete('inbound/mine');
    const left = await s3Client.send(new ListObjectVersionsCommand({ Bucket: 'rapport-delete' }));
    expect((left.Versions ?? []).map((v) => v.Key)).toEqual(['inbound/theirs']);
    await expect(store.get('inbound/mine')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
