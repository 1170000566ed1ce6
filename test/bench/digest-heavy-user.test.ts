import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../functions/adapters/dynamodb/local-dynamodb';
import { outboxDirectory, readOutbox } from '../../functions/adapters/local/outbox-mailer';
import { sendDigest } from '../../functions/workflows/send-digest';
import { countReadUnits, heavyUserDeps, seedHeavyUser } from '../support/seed-heavy-user';
import { HANG_GUARD_MS } from '../support/hang-guard';

/**
 * Issue 13: the weekly digest of a user with 500 interviews and 2,000 contacts reads what is due
 * (≤ 10 read units, as DynamoDB's ConsumedCapacity counts them on dynalite) and stays under Gmail's
 * 102 KB clipping (< 100 KB of HTML), whatever the history.
 */
const TABLE = 'rapport';

describe('the weekly digest of a heavy user', () => {
  let db: LocalDynamoDb;
  let dataDir: string;
  beforeAll(async () => {
    db = await startLocalDynamoDb({ tableName: TABLE });
    dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-heavy-digest-'));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'reads ≤ 10 units and sends under 100 KB of HTML for 500 interviews and 2,000 contacts',
    async () => {
      const reads = countReadUnits(db.client);
      const deps = heavyUserDeps(db, TABLE, dataDir, 'heavy');
      const user = await seedHeavyUser(deps.store);

      reads.start();
      await sendDigest(deps, { kind: 'weekly-digest', userId: user.userId });
      const readUnits = reads.stop();

      const outbox = await readOutbox(outboxDirectory(dataDir));
      expect(outbox).toHaveLength(1);
      const [digest] = outbox;
      expect(digest!.to).toContain('heavy@bench.example');
      expect(readUnits).toBeGreaterThan(0);
      expect(readUnits).toBeLessThanOrEqual(10);
      expect(Buffer.byteLength(digest!.html, 'utf8')).toBeLessThan(100 * 1024);
      // Bounded sections: the long lists end in "and N more" rather than listing every contact.
      expect(digest!.text).toMatch(/and \d+ more/);
    },
    HANG_GUARD_MS,
  );
});
