import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import baseEvent from '../test/fixtures/ses/lambda-receipt-event.json';
import { provisionWorkflowResources } from '../test/support/lambda-environment';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../test/support/moto-server';
import { CORPUS } from '../test/support/corpus';
import { sqsTriggerEvent } from '../test/support/sqs-event';
import { synthesizedBundles } from './cold-load';
import { storedInterviews, storedUserId } from '../test/support/stored-items';
import { queuedEmailBody } from '../functions/adapters/aws/send-queue-message';
import { REPLY_LOCAL_PREFIX, replyAddress } from '../functions/domain/reply-token';
import { UNSUBSCRIBE_PATH } from '../functions/domain/unsubscribe';

/**
 * A real cold start of each function: a fresh Node process requires the bundle (the Lambda init)
 * and then handles one representative event, against moto server (a real AWS API emulator) as the
 * deployed stack would — nothing of ours or of the SDK mocked. The bundles build their SDK clients
 * and read their secrets on first use, so this is the CPU the first event pays on top of the
 * init: the corpus invitation forwarded (inbound-email, then process-inbound with what it queued),
 * its prep brief (reminder), the weekly digest, a bounce (mail-feedback), one queued email
 * (send-mail), a one-click unsubscribe from the digest (unsubscribe). Each figure is the CPU
 * (user + system) of the whole process: up to the end of the require, and up to the end of the event.
 */
export interface FirstInvokeFigures {
  initCpuMs: number;
  firstInvokeCpuMs: number;
  /** Peak resident memory of the process by the end of the event (VmHWM: its own, not the parent's). */
  peakMb: number;
}

interface Bundle {
  name: string;
  file: string;
  env: Record<string, string>;
}

const BUCKET = 'bench-inbound-mail';
const PREFIX = 'inbound/';
const TABLE = 'bench-first-invoke';
const USER = 'homer@example.com';
const DOMAIN = 'rapport.example';
const TOKEN_KEY = 'bench-token-key-bench-token-key-0';

/** Requires the bundle, hands its handler the event in `eventFile`, prints both CPU figures as JSON. */
const CHILD = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const { handler } = require(process.argv[1]);
const initCpuMs = cpu();
const peakMb = () => Math.round(Number(/^VmHWM:\\s+(\\d+) kB/m.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);
const event = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
Promise.resolve(handler(event)).then(
  (result) => process.stderr.write('\\nFIRST_INVOKE ' + JSON.stringify({ initCpuMs, firstInvokeCpuMs: cpu(), peakMb: peakMb(), result }) + '\\n'),
  (error) => { process.stderr.write(String(error && error.stack || error)); process.exitCode = 1; },
);`;

function firstInvoke(bundle: Bundle, env: Record<string, string>, event: unknown, dir: string): FirstInvokeFigures & { result: unknown } {
  const eventFile = path.join(dir, `${bundle.name}.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  const { NODE_OPTIONS: _ignored, AWS_PROFILE: _profile, ...shell } = process.env;
  // The functions log JSON lines to stdout; the figures come on stderr.
  const child = spawnSync(process.execPath, ['-e', CHILD, bundle.file, eventFile], {
    env: { ...shell, ...bundle.env, ...env },
    encoding: 'utf8',
  });
  const line = /^FIRST_INVOKE (.*)$/m.exec(child.stderr)?.[1];
  if (!line) throw new Error(`${bundle.name}: exit ${child.status}: ${child.stderr.slice(-600)}`);
  return JSON.parse(line) as FirstInvokeFigures & { result: unknown };
}

/**
 * The invitation with a PDF of `bytes` random bytes beside it (multipart/mixed), or as it is for 0:
 * the heaviest mail inbound-email reads is a forward near SES's 40 MB.
 */
function withAttachment(invitation: string, bytes: number): Buffer {
  if (bytes === 0) return Buffer.from(invitation, 'latin1');
  const split = invitation.indexOf('\r\n\r\n');
  const head = invitation.slice(0, split);
  const contentType = /^Content-Type:.*(?:\r\n[ \t].*)*/im.exec(head)![0];
  const pdf = randomBytes(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  const parts = [
    head.replace(contentType, 'Content-Type: multipart/mixed; boundary="bench-forward"'),
    '',
    '--bench-forward',
    contentType,
    '',
    invitation.slice(split + 4),
    '--bench-forward',
    'Content-Type: application/pdf; name="deck.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    pdf,
    '--bench-forward--',
    '',
  ];
  return Buffer.from(parts.join('\r\n'), 'latin1');
}

function bounceEvent(address: string) {
  const record = {
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1' }],
      timestamp: '2027-03-01T14:00:02.669Z',
      feedbackId: 'bench-feedback',
    },
    mail: { timestamp: '2027-03-01T14:00:00.012Z', source: 'Rapport <log@rapport.example>', messageId: 'bench', destination: [address] },
  };
  const sns = {
    Type: 'Notification',
    MessageId: 'm-0',
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:feedback',
    Message: JSON.stringify(record),
  };
  return { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: sns }] };
}

/** One email on the send queue as a workflow function queues it, received as the trigger would hand it over. */
async function queuedEmail(sqs: SQSClient, sendQueueUrl: string) {
  const raw = Buffer.from(
    [
      `From: Rapport <log@${DOMAIN}>`,
      `To: ${USER}`,
      'Subject: Logged: coffee chat',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Logged.',
      '',
    ].join('\r\n'),
  );
  await sqs.send(new SendMessageCommand({ QueueUrl: sendQueueUrl, MessageBody: queuedEmailBody('bench#first-send', raw) }));
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: sendQueueUrl, MaxNumberOfMessages: 1, MessageSystemAttributeNames: ['All'] }),
  );
  return sqsTriggerEvent(Messages, 'arn:aws:sqs:us-east-1:123456789012:bench-send', motoRegion);
}

/** The mail provider's POST of the digest's one-click link (a function URL event, payload 2.0). */
function oneClickUnsubscribe(userId: string) {
  const address = replyAddress({ kind: 'stop-digest', userId }, DOMAIN, { current: TOKEN_KEY }, new Date());
  const token = address.slice(REPLY_LOCAL_PREFIX.length, address.lastIndexOf('@'));
  return {
    rawPath: `${UNSUBSCRIBE_PATH}${token}`,
    requestContext: { http: { method: 'POST' } },
    body: 'List-Unsubscribe=One-Click',
    isBase64Encoded: false,
  };
}

async function provision(moto: MotoServer, attachmentBytes: number) {
  const config = { endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials, forcePathStyle: true };
  const s3 = new S3Client(config);
  const sqs = new SQSClient(config);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-inbound' }));
  const { QueueUrl: sendQueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-send' }));
  const sns = new SNSClient(config);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'bench-alarms' }));
  sns.destroy();
  const variables = await provisionWorkflowResources(moto, {
    tableName: TABLE,
    groupName: 'bench-reminders',
    domain: DOMAIN,
    tokenKey: TOKEN_KEY,
    rawMailBucket: BUCKET,
    allowedSenders: '*',
  });
  const event = structuredClone(baseEvent);
  const invitation = readFileSync(path.join(CORPUS, 'invites/google_meet_invite_tallinn.eml')).toString('latin1');
  const raw = withAttachment(invitation.replace(/^From: .*$/m, `From: ${USER}`), attachmentBytes);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${event.Records[0]!.ses.mail.messageId}`, Body: raw }));
  const env = {
    ...variables,
    RAW_MAIL_PREFIX: PREFIX,
    INBOUND_QUEUE_URL: QueueUrl!,
    ALARM_TOPIC_ARN: TopicArn!,
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: motoRegion,
    AWS_ACCESS_KEY_ID: motoCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: motoCredentials.secretAccessKey,
  };
  return { s3, sqs, queueUrl: QueueUrl!, sendQueueUrl: sendQueueUrl!, env, sesEvent: event };
}

/** Each function's first invocation, in the order the mail flows; `bundles` as bench/cold-load.ts finds them. */
export async function benchFirstInvoke(bundles: readonly Bundle[], attachmentBytes = 0): Promise<Record<string, FirstInvokeFigures>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-first-invoke-'));
  const moto = await startMotoServer();
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials }),
  );
  try {
    const { s3, sqs, queueUrl, sendQueueUrl, env, sesEvent } = await provision(moto, attachmentBytes);
    const byName = new Map(bundles.map((b) => [b.name, b]));
    // Each event must have done its work (sent its email, logged its interview), or the figure measures a shortcut.
    const run =
      (name: string, event: () => Promise<unknown> | unknown, done: (result: unknown) => boolean, moreEnv: Record<string, string> = {}) =>
      async () => {
        const bundle = byName.get(name);
        if (!bundle) throw new Error(`no bundle for ${name}: run npm run synth`);
        const { result, ...figures } = firstInvoke(bundle, { ...env, ...moreEnv }, await event(), dir);
        if (!done(result)) throw new Error(`${name}: ${JSON.stringify(result)}`);
        return figures;
      };
    const sent = (result: unknown) => result === 'sent';
    const figures: Record<string, FirstInvokeFigures> = {};
    figures['inbound-email'] = await run(
      'inbound-email',
      () => sesEvent,
      (r) => (r as { queued?: number }).queued === 1,
    )();
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) throw new Error('inbound-email queued nothing');
    const batch = sqsTriggerEvent(Messages, 'arn:aws:sqs:us-east-1:123456789012:bench-inbound', motoRegion);
    const allHandled = (r: unknown) => (r as { batchItemFailures?: unknown[] }).batchItemFailures?.length === 0;
    figures['process-inbound'] = await run('process-inbound', () => batch, allHandled)();
    const table = { doc, tableName: TABLE };
    const userId = await storedUserId(table, USER);
    const [interview] = userId ? await storedInterviews(table, userId) : [];
    if (!userId || !interview) throw new Error('process-inbound logged nothing');
    const prepBrief = { kind: 'prep-brief', userId, interviewId: interview.interviewId, version: interview.version };
    figures.reminder = await run('reminder', () => prepBrief, sent)();
    figures['weekly-digest'] = await run(
      'weekly-digest',
      () => ({ kind: 'weekly-digest', userId }),
      (r) => r === 'sent' || r === 'nothing-to-say',
    )();
    figures['mail-feedback'] = await run(
      'mail-feedback',
      () => bounceEvent('nobody@example.com'),
      () => true,
    )();
    figures['send-mail'] = await run('send-mail', () => queuedEmail(sqs, sendQueueUrl), allHandled, {
      SEND_QUEUE_URL: sendQueueUrl,
      SES_SEND_RATE: '14',
      SEND_CONCURRENCY: '2',
    })();
    figures.unsubscribe = await run(
      'unsubscribe',
      () => oneClickUnsubscribe(userId),
      (r) => (r as { statusCode?: number }).statusCode === 200,
    )();
    s3.destroy();
    sqs.destroy();
    return figures;
  } finally {
    doc.destroy();
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npx tsx bench/first-invoke.ts [attachment MB]`: the figures alone, the forward carrying a PDF of that size. */
if (require.main === module) {
  const megabytes = Number(process.argv[2] ?? 0);
  benchFirstInvoke(synthesizedBundles(path.resolve(__dirname, '../cdk.out')), megabytes * 1024 * 1024).then(
    (figures) => process.stdout.write(`${JSON.stringify(figures)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
