import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { outboxDirectory, readOutbox } from '../functions/adapters/local/outbox-mailer';
import { startLocalDynamoDb } from '../functions/adapters/dynamodb/local-dynamodb';
import { sendDigest } from '../functions/workflows/send-digest';
import { countReadUnits, heavyUserDeps, seedHeavyUser } from '../test/support/seed-heavy-user';

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
    const deps = heavyUserDeps(db, TABLE, dataDir, 'bench');
    const user = await seedHeavyUser(deps.store, interviews, contacts);
    reads.start();
    const start = performance.now();
    const outcome = await sendDigest(deps, { kind: 'weekly-digest', userId: user.userId });
    const ms = performance.now() - start;
    const readUnits = reads.stop();
    if ((await readOutbox(outboxDirectory(dataDir))).length !== 1)
      throw new Error(`the heavy user's digest was not sent (${String(outcome)})`);
    return { readUnits, ms, outcome: typeof outcome === 'string' ? outcome : 'sent' };
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
