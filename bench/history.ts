import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalDynamoDb } from '../functions/adapters/dynamodb/local-dynamodb';
import { outboxDirectory } from '../functions/adapters/local/outbox-mailer';
import type { Interview } from '../functions/domain/model';
import type { Deps } from '../functions/workflows/deps';
import { sendDigest } from '../functions/workflows/send-digest';
import { sendReminder } from '../functions/workflows/send-reminder';
import { sendReport } from '../functions/workflows/send-report';
import { countReadUnits, heavyInterviewId, heavyUserDeps, seedHeavyUser } from '../test/support/seed-heavy-user';

/**
 * Every path that reads a user's history, for one heavy user on dynalite: the prep brief of an
 * interview with someone met before, the thank-you and its nudge after an interview that brought
 * a referral, the weekly digest and the export. Read units are DynamoDB's own ConsumedCapacity
 * (ReturnConsumedCapacity TOTAL); export bytes are the raw message as SES would get it.
 */
export interface HistoryFigures {
  interviews: number;
  contacts: number;
  seedMs: number;
  prepBriefReadUnits: number;
  thankYouReadUnits: number;
  nudgeReadUnits: number;
  digestReadUnits: number;
  exportReadUnits: number;
  exportMs: number;
  exportBytes: number;
}

const TABLE = 'rapport';

/** The size in bytes of the newest message of the outbox (the names sort by time, then by a counter). */
function newestOutboxBytes(dataDir: string): number {
  const dir = outboxDirectory(dataDir);
  return statSync(path.join(dir, readdirSync(dir).sort().at(-1)!)).size;
}

/** Read units and milliseconds of one send, and checks that it sent (a small user's digest may have nothing to say). */
async function measured(reads: ReturnType<typeof countReadUnits>, send: () => Promise<unknown>) {
  reads.start();
  const start = performance.now();
  const outcome = await send();
  const ms = performance.now() - start;
  const readUnits = reads.stop();
  if (outcome !== 'sent' && outcome !== 'nothing-to-say') throw new Error(`not sent: ${String(outcome)}`);
  return { readUnits, ms };
}

async function interviewAt(deps: Deps, userId: string, n: number): Promise<Interview> {
  const interview = await deps.store.getInterview(userId, heavyInterviewId(n));
  if (!interview) throw new Error(`no interview ${n}`);
  return interview;
}

export async function benchHistory(interviews: number, contacts: number): Promise<HistoryFigures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-bench-history-'));
  const db = await startLocalDynamoDb({ tableName: TABLE });
  try {
    const reads = countReadUnits(db.client);
    const deps = heavyUserDeps(db, TABLE, dataDir, 'bench');
    const seedStart = performance.now();
    const user = await seedHeavyUser(deps.store, interviews, contacts);
    const seedMs = performance.now() - seedStart;
    // The last interview is ahead, with someone met at interview count/2 - 1; interviews n % 3 = 0 in the past owe a
    // thank-you, and those n % 4 = 0 brought a referral (contact n).
    const upcoming = await interviewAt(deps, user.userId, interviews - 1);
    const past = await interviewAt(deps, user.userId, Math.max(0, 12 * Math.floor((interviews - 41) / 12)));
    const remind = (kind: 'prep-brief' | 'thank-you' | 'thank-you-nudge', interview: Interview) => () =>
      sendReminder(deps, { kind, userId: user.userId, interviewId: interview.interviewId, version: interview.version });
    const prepBrief = await measured(reads, remind('prep-brief', upcoming));
    const thankYou = await measured(reads, remind('thank-you', past));
    const nudge = await measured(reads, remind('thank-you-nudge', past));
    const digest = await measured(reads, () => sendDigest(deps, { kind: 'weekly-digest', userId: user.userId }));
    const exported = await measured(reads, () =>
      sendReport(deps, { kind: 'report', report: 'export', userId: user.userId, messageKey: 'b0b0' }),
    );
    return {
      interviews,
      contacts,
      seedMs,
      prepBriefReadUnits: prepBrief.readUnits,
      thankYouReadUnits: thankYou.readUnits,
      nudgeReadUnits: nudge.readUnits,
      digestReadUnits: digest.readUnits,
      exportReadUnits: exported.readUnits,
      exportMs: exported.ms,
      exportBytes: newestOutboxBytes(dataDir),
    };
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [interviews = '10000', contacts = '20000'] = process.argv.slice(2);
  benchHistory(Number(interviews), Number(contacts)).then(
    (figures) => process.stdout.write(`${JSON.stringify(figures)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
