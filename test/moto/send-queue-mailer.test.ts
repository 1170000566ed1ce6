import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import PostalMime from 'postal-mime';
import { SendQueueMailer } from '../../functions/adapters/aws/send-queue-mailer';
import { QUEUED_RAW_LIMIT_BYTES, readQueuedEmail } from '../../functions/adapters/aws/send-queue-message';
import { SesV2Mailer } from '../../functions/adapters/aws/sesv2-mailer';
import type { OutboundEmail } from '../../functions/ports';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../support/moto-server';

/** The AWS mailer over moto's SQS and SESv2: what lands on the send queue, and what goes to SES directly. */
let moto: MotoServer;
let sqs: SQSClient;
let ses: SESv2Client;
let queueUrl: string;

beforeAll(async () => {
  moto = await startMotoServer();
  const config = { endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials };
  sqs = new SQSClient(config);
  ses = new SESv2Client(config);
  await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'rapport.example' }));
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'send' }))).QueueUrl!;
});
afterAll(async () => {
  sqs?.destroy();
  ses?.destroy();
  await moto?.stop();
});

const email = (attachment?: Uint8Array): OutboundEmail => ({
  from: 'Rapport <log@rapport.example>',
  to: 'ada@example.com',
  subject: attachment ? 'Your Rapport export' : 'Prep brief: Jane Doe',
  text: 'Hello',
  html: '<p>Hello</p>',
  autoSubmitted: 'auto-generated',
  ...(attachment ? { attachments: [{ filename: 'interviews.csv', contentType: 'text/csv; charset=utf-8', content: attachment }] } : {}),
});

describe('SendQueueMailer', () => {
  const mailer = () =>
    new SendQueueMailer({ client: sqs, queueUrl, ses: new SesV2Mailer({ client: ses, messageIdDomain: 'rapport.example' }) });

  it('queues the composed message with its key and lease, and sends nothing itself', async () => {
    const result = await mailer().send(email(), { idempotencyKey: 'u1\nprep#i1#1', lease: { userId: 'u1', key: 'prep#i1#1' } });
    expect(result).toEqual({ queued: expect.any(String) });
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    expect(Messages).toHaveLength(1);
    const queued = readQueuedEmail(Messages[0]!.Body!);
    expect(queued.lease).toEqual({ userId: 'u1', key: 'prep#i1#1' });
    expect((await PostalMime.parse(queued.raw)).subject).toBe('Prep brief: Jane Doe');
    expect((await moto.data()).ses?.RawMessage ?? []).toEqual([]);
  });

  it('sends a message too large for SQS directly through SES', async () => {
    const big = new Uint8Array(QUEUED_RAW_LIMIT_BYTES).fill(0x61);
    const result = await mailer().send(email(big), { idempotencyKey: 'u1\nexport#1' });
    expect(result).toEqual({ messageId: expect.stringMatching(/@email\.amazonses\.com>$/) });
    const sent = ((await moto.data()).ses?.RawMessage ?? []) as { raw_data: string }[];
    expect(sent).toHaveLength(1);
    expect((await PostalMime.parse(sent[0]!.raw_data)).subject).toBe('Your Rapport export');
  });
});
