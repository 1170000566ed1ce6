import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import type { LocalDynamoDb } from '../../functions/adapters/dynamodb/local-dynamodb';
import { TableScheduler } from '../../functions/adapters/dynamodb/table-scheduler';
import { FileRawMailStore } from '../../functions/adapters/local/file-raw-mail-store';
import { OutboxMailer } from '../../functions/adapters/local/outbox-mailer';
import type { Contact, Interview, User } from '../../functions/domain/model';
import { fixedTokenKeys } from '../../functions/domain/reply-token';
import type { Store } from '../../functions/ports';
import type { Deps } from '../../functions/workflows/deps';
import { FIXTURES } from '../../templates/fixtures';
import { QUIET_LOG } from './quiet-log';

/**
 * A heavy user — 500 interviews over two years and 2,000 contacts — written through the Store as
 * Rapport writes them, so the digest test and the benchmark (bench/digest.ts) read the same history.
 */
export const HEAVY_USER_NOW = new Date('2027-03-01T08:00:00Z');

const READ_COMMANDS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
  'GetCommand',
  'BatchGetCommand',
  'TransactGetCommand',
]);

/** The id of the heavy user's interview number `n`. */
export const heavyInterviewId = (n: number): string => (0xb0000 + n).toString(16);

/** Every person is met twice (interviews n and n + count/2), so a prep brief has an earlier meeting to find. */
export function heavyInterviews(userId: string, count: number, now = HEAVY_USER_NOW): Interview[] {
  const base = FIXTURES.berlin.interview;
  const people = Math.max(1, Math.floor(count / 2));
  return Array.from({ length: count }, (_, n) => {
    // Spread from 22 months back to 2 months ahead, every ~35 hours.
    const start = new Date(now.getTime() + (n - count + 40) * 35 * 3_600_000);
    return {
      ...base,
      userId,
      interviewId: heavyInterviewId(n),
      calendarUid: `bench-${n}@example.com`,
      title: `Coffee chat ${n}`,
      startUtc: start.toISOString(),
      endUtc: new Date(start.getTime() + 30 * 60_000).toISOString(),
      contact: { name: `Contact ${n % people}`, email: `contact${n % people}@example.com` },
      status: start < now ? 'done' : 'scheduled',
      ...(start < now && n % 3 !== 0 ? { thankYouSentAt: new Date(start.getTime() + 86_400_000).toISOString() } : {}),
    };
  });
}

/** Contacts met in (or, every fourth, referred by) the heavy user's `interviews` interviews. */
export function heavyContacts(userId: string, count: number, interviews = 500, now = HEAVY_USER_NOW): Contact[] {
  return Array.from({ length: count }, (_, n) => ({
    userId,
    email: `contact${n}@example.com`,
    name: `Contact ${n}`,
    company: 'Northwind Robotics',
    source: n % 4 === 0 ? 'referral' : 'interview',
    fromInterviewId: heavyInterviewId(n % interviews),
    ...(n % 4 !== 0 ? { lastTouchUtc: new Date(now.getTime() - (n % 90) * 86_400_000).toISOString() } : {}),
    createdAt: new Date(now.getTime() - 400 * 86_400_000).toISOString(),
  }));
}

/**
 * The workflows' dependencies as one machine wires them (the store and scheduler on `db`'s table,
 * the outbox and raw mail in `dataDir`), on the heavy user's clock: what the digest test and the
 * benchmark send the heavy user's digest with. `name` keeps their mail domains and secrets apart.
 */
export function heavyUserDeps(db: Pick<LocalDynamoDb, 'client'>, tableName: string, dataDir: string, name: string): Deps {
  const clock = { now: () => new Date(HEAVY_USER_NOW) };
  return {
    store: new DynamoDbStore({ client: db.client, tableName, clock }),
    scheduler: new TableScheduler({ client: db.client, tableName, clock }),
    mailer: new OutboxMailer({ dataDir, clock, messageIdDomain: `${name}.example` }),
    rawMail: new FileRawMailStore(dataDir),
    clock,
    ids: { newUserId: () => `${name}-new` },
    log: QUIET_LOG,
    config: { domain: `${name}.example`, allowedSenders: ['*'], tokenKeys: fixedTokenKeys({ current: `${name}-secret` }) },
  };
}

/** The heavy user's id: one user, so a measurement in another process finds them. */
export const HEAVY_USER_ID = 'beec0ffee1';

/** Creates the heavy user (digest on, Berlin) and writes their history; returns the user. */
export async function seedHeavyUser(store: Store, interviews = 500, contacts = 2_000): Promise<User> {
  const user: User = {
    ...FIXTURES.berlin.user,
    userId: HEAVY_USER_ID,
    email: 'heavy@bench.example',
    digest: { ...FIXTURES.berlin.user.digest, enabled: true },
  };
  await store.createUser(user);
  await inParallel(heavyInterviews(user.userId, interviews), (interview) => store.putInterview(interview, undefined));
  await inParallel(heavyContacts(user.userId, contacts, interviews), (contact) => store.putContact(contact));
  return user;
}

/** Writes `items` a few at a time: each write waits on the engine, so a few in flight seed 10,000 interviews in minutes, not tens. */
async function inParallel<T>(items: T[], write: (item: T) => Promise<void>, inFlight = 16): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await write(items[next++] as T);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/**
 * Adds up the read capacity units DynamoDB reports (ReturnConsumedCapacity TOTAL: 4 KB a unit for
 * a strongly consistent read, half for an eventual one) for every read the client sends while
 * counting is on.
 */
export function countReadUnits(client: DynamoDBDocumentClient): { start(): void; stop(): number } {
  let counting = false;
  let readUnits = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      if (counting && READ_COMMANDS.has(String(context.commandName))) {
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) readUnits += c.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'countReadUnits' },
  );
  return {
    start: () => {
      counting = true;
      readUnits = 0;
    },
    stop: () => {
      counting = false;
      return readUnits;
    },
  };
}
