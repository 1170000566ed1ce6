/**
 * The reply-token key is read from an SSM SecureString parameter when a path first signs or reads
 * a token, once per container, against moto server: what needs no token works while Parameter
 * Store cannot be reached at all, what needs one fails (and is retried) until it can, a container
 * that read it once keeps signing with that key, and when no key exists yet the first container
 * creates it (two racing containers end up signing with the same one). Each function runs in its
 * own module registry, as each Lambda function has its own containers.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteParameterCommand, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import type { Email } from 'postal-mime';
import { readInboundMail } from '../../functions/inbound/read-inbound-mail';
import { readReplyAddress } from '../../functions/domain/reply-token';
import { environmentRestorer, provisionWorkflowResources, setLambdaEnvironment, TOKEN_KEY_PARAMETER } from '../support/lambda-environment';
import { callWithNed, sentBySes } from '../support/invitation-mail';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../support/moto-server';
import { storedInterviews, storedUserId } from '../support/stored-items';

type ProcessHandler = typeof import('../../functions/handlers/process-inbound').handler;
type ReminderHandler = typeof import('../../functions/handlers/reminder').handler;
type DigestHandler = typeof import('../../functions/handlers/weekly-digest').handler;

const DOMAIN = 'rapport.example';
const TABLE = 'rapport-token-key-test';
const GROUP = 'rapport-reminders';
const KEY = 'a-long-random-hmac-key-for-reply-tokens';
const HOMER = 'homer@example.com';

let moto: MotoServer;
let dynamo: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let ssm: SSMClient;
const restoreEnvironment = environmentRestorer();

/** A handler module loaded in a registry of its own: a fresh container, with nothing cached yet. */
function freshContainer<H>(handlerPath: string): H {
  let handler: H | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a new module registry per container, after the environment is set
    handler = (require(handlerPath) as { handler: H }).handler;
  });
  return handler!;
}

/**
 * Parameter Store out of reach (the functions' SSM calls go to a closed port, as a network fault,
 * throttling or a denied read would fail them); the SDK reads the endpoint when a client is made,
 * which the adapter does on each attempt.
 */
const makeKeyUnreadable = async () => {
  process.env.AWS_ENDPOINT_URL_SSM = 'http://127.0.0.1:9';
};
const makeKeyReadable = async () => {
  delete process.env.AWS_ENDPOINT_URL_SSM;
};

/** Homer's invitation; the first is twenty days ahead, past the digest's two-week window. */
const invitation = (startLocal: DateTime) => callWithNed({ homer: HOMER, domain: DOMAIN, id: 'lazy-key-1', startLocal });
const sent = () => sentBySes(moto);

/** The SQS event process-inbound receives for one message as inbound-email reads it. */
async function queued(raw: string, deliveryId: string, authenticated: boolean) {
  const read = await readInboundMail(raw, {
    envelopeFrom: HOMER,
    recipients: [`log@${DOMAIN}`],
    authenticated,
    deliveryId,
    receivedAt: new Date(),
  });
  if (!read.ok) throw new Error(`the test message was not read: ${read.why}`);
  return { Records: [{ messageId: deliveryId, body: JSON.stringify(read.mail) }] };
}

async function homersInterview(): Promise<{ userId: string; interviewId: string; version: number }> {
  const table = { doc, tableName: TABLE };
  const userId = (await storedUserId(table, HOMER))!;
  const [interview] = await storedInterviews(table, userId);
  return { userId, interviewId: String(interview!.interviewId), version: Number(interview!.version) };
}

const replyTokenOf = (email: Email) => readReplyAddress(email.replyTo![0]!.address!, { current: KEY }, new Date()).status;

beforeAll(async () => {
  moto = await startMotoServer();
  const config = { endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials };
  dynamo = new DynamoDBClient(config);
  doc = DynamoDBDocumentClient.from(dynamo);
  ssm = new SSMClient(config);
  const variables = await provisionWorkflowResources(moto, {
    tableName: TABLE,
    groupName: GROUP,
    domain: DOMAIN,
    tokenKey: KEY,
    rawMailBucket: 'rapport-inbound-mail',
    allowedSenders: HOMER,
  });

  setLambdaEnvironment(moto, variables);
  delete process.env.SES_CONFIGURATION_SET;

  // Homer logs a call twenty days ahead while the key is readable: the confirmation carries a token.
  const logged = await freshContainer<ProcessHandler>('../../functions/handlers/process-inbound')(
    await queued(
      invitation(DateTime.now().setZone('Europe/Berlin').plus({ days: 20 }).set({ hour: 15, minute: 0, second: 0, millisecond: 0 })),
      'delivery-invite',
      true,
    ),
  );
  expect(logged.batchItemFailures).toEqual([]);
  const [confirmation] = await sent();
  expect(confirmation?.subject).toMatch(/^Logged: .*Ned Flanders/);
  expect(replyTokenOf(confirmation!)).toBe('valid');
});

afterAll(async () => {
  for (const client of [dynamo, ssm]) client?.destroy();
  await moto?.stop();
  restoreEnvironment();
});

describe('while the reply-token key cannot be read', () => {
  beforeAll(makeKeyUnreadable);
  afterAll(makeKeyReadable);

  it('drops an unauthenticated message without failing, and sends nothing', async () => {
    const processInbound = freshContainer<ProcessHandler>('../../functions/handlers/process-inbound');
    const before = (await sent()).length;
    const result = await processInbound(
      await queued(invitation(DateTime.now().plus({ days: 3 })).replace('lazy-key-1@', 'lazy-key-2@'), 'delivery-spoofed', false),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(await sent()).toHaveLength(before);
  });

  it('skips a weekly digest with nothing to say, without failing', async () => {
    const weeklyDigest = freshContainer<DigestHandler>('../../functions/handlers/weekly-digest');
    const { userId } = await homersInterview();
    const before = (await sent()).length;
    await expect(weeklyDigest({ kind: 'weekly-digest', userId })).resolves.toBe('nothing-to-say');
    expect(await sent()).toHaveLength(before);
  });
});

describe('a reminder container', () => {
  const reminder = () => freshContainer<ReminderHandler>('../../functions/handlers/reminder');
  let container: ReminderHandler;
  beforeAll(async () => {
    await makeKeyUnreadable();
    container = reminder();
  });

  it('fails a reminder while the key cannot be read (the Scheduler retries it), and sends it once it can', async () => {
    const { userId, interviewId, version } = await homersInterview();
    const before = (await sent()).length;
    await expect(container({ kind: 'prep-brief', userId, interviewId, version })).rejects.toThrow(/reply-token key could not be read/);
    expect(await sent()).toHaveLength(before);

    await makeKeyReadable();
    await expect(container({ kind: 'prep-brief', userId, interviewId, version })).resolves.toBe('sent');
    const [brief, ...more] = (await sent()).slice(before);
    expect(more).toEqual([]);
    expect(brief!.subject).toMatch(/Ned Flanders/);
    expect(replyTokenOf(brief!)).toBe('valid');
  });

  it('reads the key once: the next reminder is signed with the same key while Parameter Store is out of reach', async () => {
    const { userId, interviewId, version } = await homersInterview();
    await makeKeyUnreadable();
    const before = (await sent()).length;
    await expect(container({ kind: 'thank-you', userId, interviewId, version })).resolves.toBe('sent');
    const [draft, ...more] = (await sent()).slice(before);
    expect(more).toEqual([]);
    expect(draft!.subject).toMatch(/thank/i);
    expect(replyTokenOf(draft!)).toBe('valid');
  });
});

describe('when no key exists yet', () => {
  beforeAll(async () => {
    await makeKeyReadable();
    await ssm.send(new DeleteParameterCommand({ Name: TOKEN_KEY_PARAMETER }));
  });

  it('the first containers to need one create it as a SecureString, never overwriting: racing, both sign with the same key', async () => {
    const before = (await sent()).length;
    const call = (uid: string, days: number) =>
      queued(
        invitation(DateTime.now().setZone('Europe/Berlin').plus({ days })).replace(/lazy-key-1@/g, `${uid}@`),
        `delivery-${uid}`,
        true,
      );
    const results = await Promise.all([
      freshContainer<ProcessHandler>('../../functions/handlers/process-inbound')(await call('lazy-key-3', 30)),
      freshContainer<ProcessHandler>('../../functions/handlers/process-inbound')(await call('lazy-key-4', 31)),
    ]);
    expect(results.map((r) => r.batchItemFailures)).toEqual([[], []]);

    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: TOKEN_KEY_PARAMETER, WithDecryption: true }));
    expect(Parameter).toMatchObject({ Type: 'SecureString', Version: 1 });
    const created = Parameter!.Value!;
    expect(created).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(created).not.toBe(KEY);
    const confirmations = (await sent()).slice(before);
    expect(confirmations.map((email) => email.subject)).toEqual([expect.stringMatching(/^Logged: /), expect.stringMatching(/^Logged: /)]);
    for (const email of confirmations)
      expect(readReplyAddress(email.replyTo![0]!.address!, { current: created }, new Date()).status).toBe('valid');
  });
});
