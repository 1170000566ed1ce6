import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../functions/adapters/dynamodb/local-dynamodb';
import { outboxDirectory, readOutbox } from '../../functions/adapters/local/outbox-mailer';
import type { ReminderKind } from '../../functions/domain/model';
import { sendReminder } from '../../functions/workflows/send-reminder';
import { countReadUnits, heavyInterviewId, heavyUserDeps, seedHeavyUser } from '../support/seed-heavy-user';

/**
 * Issue 24: a prep brief, thank-you and nudge read what they need about the past (an earlier
 * meeting with the person, a referral the interview brought) in a few items, so they cost the
 * same ≤ 10 read units (DynamoDB's ConsumedCapacity, on dynalite) for a short history and a long
 * one. `npm run bench` measures the same at 10,000 interviews (bench/history.ts).
 */
const TABLE = 'rapport';

async function remindersOf(interviews: number) {
  const db: LocalDynamoDb = await startLocalDynamoDb({ tableName: TABLE });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-heavy-reminders-'));
  try {
    const reads = countReadUnits(db.client);
    const deps = heavyUserDeps(db, TABLE, dataDir, 'reminders');
    const user = await seedHeavyUser(deps.store, interviews, interviews * 2);
    const units: Partial<Record<ReminderKind, number>> = {};
    // The last interview is with someone met at interview count/2 - 1; interview 0 brought a referral (contact 0).
    const sends: [ReminderKind, number][] = [
      ['prep-brief', interviews - 1],
      ['thank-you', 0],
      ['thank-you-nudge', 0],
    ];
    for (const [kind, n] of sends) {
      const interview = (await deps.store.getInterview(user.userId, heavyInterviewId(n)))!;
      reads.start();
      expect(await sendReminder(deps, { kind, userId: user.userId, interviewId: interview.interviewId, version: interview.version })).toBe(
        'sent',
      );
      units[kind] = reads.stop();
    }
    return { units, outbox: await readOutbox(outboxDirectory(dataDir)) };
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('the reminders of a user with a long history', () => {
  it('read ≤ 10 units, no more for 400 interviews than for 10, and still find the earlier meeting and the referral', async () => {
    const short = await remindersOf(10);
    const long = await remindersOf(400);
    for (const { units } of [short, long]) for (const used of Object.values(units)) expect(used).toBeLessThanOrEqual(10);
    for (const [kind, used] of Object.entries(long.units)) expect(used).toBeLessThanOrEqual(short.units[kind as ReminderKind]!);

    const [prepBrief, thankYou, nudge] = long.outbox;
    expect(prepBrief!.subject).toMatch(/prep/i);
    expect(prepBrief!.text).toMatch(/follow-up/i);
    expect(thankYou!.text).toContain('Contact 0');
    expect(nudge!.text).toContain('Contact 0');
  }, 300_000);
});
