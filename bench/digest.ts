import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { outboxDirectory, OutboxMailer, readOutbox } from '../functions/adapters/local/outbox-mailer';
import { FileRawMailStore } from '../functions/adapters/local/file-raw-mail-store';
import { DynamoDbStore } from '../functions/adapters/dynamodb/dynamodb-store';
import { startLocalDynamoDb } from '../functions/adapters/dynamodb/local-dynamodb';
import { TableScheduler } from '../functions/adapters/dynamodb/table-scheduler';
import type { Contact, Interview } from '../functions/domain/model';
import type { Deps } from '../functions/workflows/deps';
import { sendDigest } from '../functions/workflows/send-digest';
import { FIXTURES } from '../templates/fixtures';

/**
 * The weekly digest of a heavy user — 500 interviews over two years and 2,000 contacts — on
 * dynalite, with every read's ConsumedCapacity added up (ReturnConsumedCapacity TOTAL, as
 * DynamoDB reports it: 4 KB a unit for a strongly consistent read, half for an eventual one).
 */
export interface DigestFigures {
  readUnits: number;
  ms: number;
  outcome: string;
}

const TABLE = 'rapport';
const NOW = new Date('2027-03-01T08:00:00Z');
const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'GetCommand', 'BatchGetCommand', 'TransactGetItemsCommand', 'TransactGetCommand']);

function seedInterviews(userId: string, count: number): Interview[] {
  const base = FIXTURES.berlin.interview;
  return Array.from({ length: count }, (_, n) => {
    // Spread from 22 months back to 2 months ahead, every ~35 hours.
    const start = new Date(NOW.getTime() + (n - count + 40) * 35 * 3_600_000);
    return {
      ...base,
      userId,
      interviewId: (0xb0000 + n).toString(16),
      calendarUid: `bench-${n}@example.com`,
      title: `Coffee chat ${n}`,
      startUtc: start.toISOString(),
      endUtc: new Date(start.getTime() + 30 * 60_000).toISOString(),
      contact: { name: `Contact ${n}`, email: `contact${n}@example.com` },
      status: start < NOW ? 'done' : 'scheduled',
      ...(start < NOW && n % 3 !== 0 ? { thankYouSentAt: new Date(start.getTime() + 86_400_000).toISOString() } : {}),
    };
  });
}

function seedContacts(userId: string, count: number): Contact[] {
  return Array.from({ length: count }, (_, n) => ({
    userId,
    email: `contact${n}@example.com`,
    name: `Contact ${n}`,
    company: 'Northwind Robotics',
    source: n % 4 === 0 ? 'referral' : 'interview',
    ...(n % 4 !== 0 ? { fromInterviewId: (0xb0000 + (n % 500)).toString(16), lastTouchUtc: new Date(NOW.getTime() - (n % 90) * 86_400_000).toISOString() } : {}),
    createdAt: new Date(NOW.getTime() - 400 * 86_400_000).toISOString(),
  }));
}

export async function benchDigestHeavyUser(interviews = 500, contacts = 2_000): Promise<DigestFigures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-bench-digest-'));
  const db = await startLocalDynamoDb({ tableName: TABLE });
  try {
    let counting = false;
    let readUnits = 0;
    db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
        if (counting && READS.has(String(context.commandName))) {
          for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) readUnits += c.CapacityUnits ?? 0;
        }
        return result;
      },
      { step: 'initialize', name: 'benchConsumedCapacity' },
    );
    const clock = { now: () => new Date(NOW) };
    const store = new DynamoDbStore({ client: db.client, tableName: TABLE, clock });
    const user = { ...FIXTURES.berlin.user, userId: 'beec0ffee1', email: 'heavy@bench.example', digest: { ...FIXTURES.berlin.user.digest, enabled: true } };
    await store.createUser(user);
    for (const interview of seedInterviews(user.userId, interviews)) await store.putInterview(interview, undefined);
    for (const contact of seedContacts(user.userId, contacts)) await store.putContact(contact);
    const deps: Deps = {
      store,
      scheduler: new TableScheduler({ client: db.client, tableName: TABLE, clock }),
      mailer: new OutboxMailer({ dataDir, clock, messageIdDomain: 'bench.example' }),
      rawMail: new FileRawMailStore(dataDir),
      clock,
      ids: { newUserId: () => 'bench-new' },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      config: { domain: 'bench.example', allowedSenders: ['*'], tokenKeys: { current: 'bench-secret' } },
    };
    counting = true;
    const start = performance.now();
    const outcome = await sendDigest(deps, { kind: 'weekly-digest', userId: user.userId });
    const ms = performance.now() - start;
    counting = false;
    if ((await readOutbox(outboxDirectory(dataDir))).length !== 1) throw new Error(`the heavy user's digest was not sent (${String(outcome)})`);
    return { readUnits, ms, outcome: typeof outcome === 'string' ? outcome : 'sent' };
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
