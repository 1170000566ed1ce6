import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { outboxDirectory, OutboxMailer, readOutbox } from '../functions/adapters/local/outbox-mailer';
import { FileRawMailStore } from '../functions/adapters/local/file-raw-mail-store';
import { DynamoDbStore } from '../functions/adapters/dynamodb/dynamodb-store';
import { startLocalDynamoDb } from '../functions/adapters/dynamodb/local-dynamodb';
import { TableScheduler } from '../functions/adapters/dynamodb/table-scheduler';
import { fixedTokenKeys } from '../functions/mail/reply-token';
import type { Deps } from '../functions/workflows/deps';
import { sendDigest } from '../functions/workflows/send-digest';
import { countReadUnits, HEAVY_USER_NOW, seedHeavyUser } from '../test/support/seed-heavy-user';

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

export async function benchDigestHeavyUser(interviews = 500, contacts = 2_000): Promise<DigestFigures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-bench-digest-'));
  const db = await startLocalDynamoDb({ tableName: TABLE });
  try {
    const reads = countReadUnits(db.client);
    const clock = { now: () => new Date(HEAVY_USER_NOW) };
    const store = new DynamoDbStore({ client: db.client, tableName: TABLE, clock });
    const user = await seedHeavyUser(store, interviews, contacts);
    const deps: Deps = {
      store,
      scheduler: new TableScheduler({ client: db.client, tableName: TABLE, clock }),
      mailer: new OutboxMailer({ dataDir, clock, messageIdDomain: 'bench.example' }),
      rawMail: new FileRawMailStore(dataDir),
      clock,
      ids: { newUserId: () => 'bench-new' },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      config: { domain: 'bench.example', allowedSenders: ['*'], tokenKeys: fixedTokenKeys({ current: 'bench-secret' }) },
    };
    reads.start();
    const start = performance.now();
    const outcome = await sendDigest(deps, { kind: 'weekly-digest', userId: user.userId });
    const ms = performance.now() - start;
    const readUnits = reads.stop();
    if ((await readOutbox(outboxDirectory(dataDir))).length !== 1) throw new Error(`the heavy user's digest was not sent (${String(outcome)})`);
    return { readUnits, ms, outcome: typeof outcome === 'string' ? outcome : 'sent' };
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
