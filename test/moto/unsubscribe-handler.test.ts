/**
 * The one-click unsubscribe link as deployed: the weekly-digest handler sends through SESv2 (moto)
 * with List-Unsubscribe pointing at the function URL; the unsubscribe handler, given the function
 * URL's request (payload format 2.0) for that link, turns the digest off in DynamoDB and deletes
 * its schedule in EventBridge Scheduler, and the next digest is not sent. A forged token, a GET
 * and a POST without the one-click body change nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import PostalMime from 'postal-mime';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { EventBridgeScheduler } from '../../functions/adapters/aws/eventbridge-scheduler';
import { digestScheduleName } from '../../functions/domain/time-rules';
import type { Interview, User } from '../../functions/domain/model';
import {
  DIGEST_ARN,
  environmentRestorer,
  provisionWorkflowResources,
  REMINDER_ARN,
  SCHEDULER_ROLE_ARN,
  setLambdaEnvironment,
} from '../support/lambda-environment';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../support/moto-server';

const DOMAIN = 'rapport.example';
const TABLE = 'rapport-unsubscribe';
const GROUP = 'rapport-unsubscribe';
const ONE_CLICK_BASE = 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/unsubscribe';
const USER_ID = '0a1b2c3d4e5f';
const restoreEnvironment = environmentRestorer();

type DigestHandler = typeof import('../../functions/handlers/weekly-digest').handler;
type UnsubscribeHandler = typeof import('../../functions/handlers/unsubscribe').handler;

let moto: MotoServer;
let dynamo: DynamoDBClient;
let scheduler: SchedulerClient;
let store: DynamoDbStore;
let weeklyDigest: DigestHandler;
let unsubscribe: UnsubscribeHandler;

/** A function URL request as Lambda hands it over (payload format 2.0), the body base64 as for a form POST. */
function urlRequest(method: string, rawPath: string, body?: string) {
  return {
    version: '2.0',
    rawPath,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requestContext: { http: { method, path: rawPath } },
    ...(body === undefined ? {} : { body: Buffer.from(body).toString('base64'), isBase64Encoded: true }),
  };
}

async function sentDigests() {
  const raw = ((await moto.data()).ses?.RawMessage ?? []) as { raw_data: string }[];
  const parsed = await Promise.all(raw.map((m) => PostalMime.parse(m.raw_data)));
  return parsed.filter((m) => m.subject?.startsWith('Your week in informational interviews'));
}

beforeAll(async () => {
  moto = await startMotoServer();
  const config = { endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials };
  dynamo = new DynamoDBClient(config);
  scheduler = new SchedulerClient(config);
  store = new DynamoDbStore({ client: DynamoDBDocumentClient.from(dynamo), tableName: TABLE });
  const variables = await provisionWorkflowResources(moto, {
    tableName: TABLE,
    groupName: GROUP,
    domain: DOMAIN,
    tokenKey: 'a-long-random-hmac-key-for-reply-tokens',
    rawMailBucket: 'unused',
    allowedSenders: '*',
  });
  setLambdaEnvironment(moto, { ...variables, UNSUBSCRIBE_URL: ONE_CLICK_BASE });
  delete process.env.SES_CONFIGURATION_SET;

  const now = Date.now();
  const user: User = {
    userId: USER_ID,
    email: 'homer@example.com',
    timeZone: 'Europe/Berlin',
    timeZoneSource: 'set',
    digest: { enabled: true, weekday: 1, time: '08:00' },
    createdAt: new Date(now).toISOString(),
  };
  await store.putUser(user);
  const interview: Interview = {
    userId: USER_ID,
    interviewId: '0123456789abcdef0123',
    calendarUid: 'unsubscribe@x',
    sequence: 0,
    version: 1,
    status: 'scheduled',
    title: 'Coffee chat with Priya Raman',
    startUtc: new Date(now + 3 * 86_400_000).toISOString(),
    endUtc: new Date(now + 3 * 86_400_000 + 1_800_000).toISOString(),
    allDay: false,
    attendees: [],
    contact: { name: 'Priya Raman', email: 'priya@acme.example' },
    createdAt: new Date(now).toISOString(),
    updatedAt: new Date(now).toISOString(),
  };
  await store.putInterview(interview, undefined);
  // The user's weekly schedule, as first contact puts it in place.
  await new EventBridgeScheduler({
    client: scheduler,
    groupName: GROUP,
    reminderTarget: { arn: REMINDER_ARN, roleArn: SCHEDULER_ROLE_ARN },
    digestTarget: { arn: DIGEST_ARN, roleArn: SCHEDULER_ROLE_ARN },
  }).scheduleWeekly({
    name: digestScheduleName(USER_ID),
    weekday: 1,
    time: '08:00',
    timeZone: 'Europe/Berlin',
    event: { kind: 'weekly-digest', userId: USER_ID },
  });

  /* eslint-disable @typescript-eslint/no-require-imports */
  weeklyDigest = (require('../../functions/handlers/weekly-digest') as { handler: DigestHandler }).handler;
  unsubscribe = (require('../../functions/handlers/unsubscribe') as { handler: UnsubscribeHandler }).handler;
  /* eslint-enable @typescript-eslint/no-require-imports */
});

afterAll(async () => {
  for (const client of [dynamo, scheduler]) client?.destroy();
  await moto?.stop();
  restoreEnvironment();
});

it('unsubscribes from the digest by its one-click link, through the function URL handler, and nothing else does', async () => {
  expect(await weeklyDigest({ kind: 'weekly-digest', userId: USER_ID })).toBe('sent');
  const [digest] = await sentDigests();
  const header = (name: string) => digest!.headers.find((h) => h.key === name)?.value ?? '';
  expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  const link = /<(https:[^>]+)>/.exec(header('list-unsubscribe'))![1]!;
  expect(link.startsWith(`${ONE_CLICK_BASE}/s`)).toBe(true);
  expect(header('list-unsubscribe')).toMatch(
    new RegExp(`<mailto:reply\\+s[0-9a-f-]+@${DOMAIN.replace('.', '\\.')}\\?subject=unsubscribe>`),
  );
  const path = new URL(link).pathname;

  const forged = await unsubscribe(urlRequest('POST', path.replace(/[0-9a-f]{16}$/, '0123456789abcdef'), 'List-Unsubscribe=One-Click'));
  expect(forged.statusCode).toBe(400);
  const looked = await unsubscribe(urlRequest('GET', path));
  expect(looked).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
  expect(looked.body).toContain('<form method="post">');
  expect((await unsubscribe(urlRequest('POST', path, 'List-Unsubscribe=Maybe'))).statusCode).toBe(400);
  expect((await unsubscribe({ rawPath: 42 })).statusCode).toBe(400);
  expect((await store.getUser(USER_ID))!.digest.enabled).toBe(true);

  const done = await unsubscribe(urlRequest('POST', path, 'List-Unsubscribe=One-Click'));
  expect(done.statusCode).toBe(200);
  expect(done.body).toContain('You are unsubscribed from the weekly digest.');
  expect((await store.getUser(USER_ID))!.digest).toMatchObject({ enabled: false, weekday: 1, time: '08:00' });
  const { Schedules } = await scheduler.send(new ListSchedulesCommand({ GroupName: GROUP }));
  expect((Schedules ?? []).map((s) => s.Name)).not.toContain(digestScheduleName(USER_ID));
  const raw = ((await moto.data()).ses?.RawMessage ?? []) as { raw_data: string }[];
  const subjects = (await Promise.all(raw.map((m) => PostalMime.parse(m.raw_data)))).map((m) => m.subject);
  expect(subjects).toContain('Unsubscribed: the weekly digest');

  expect(await weeklyDigest({ kind: 'weekly-digest', userId: USER_ID })).toBe('off');
  expect(await sentDigests()).toHaveLength(1);
});
