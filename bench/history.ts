import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalDynamoDb } from '../functions/adapters/dynamodb/local-dynamodb';
import { outboxDirectory } from '../functions/adapters/local/outbox-mailer';
import type { Interview } from '../functions/domain/model';
import type { Deps } from '../functions/workflows/deps';
import { sendReminder } from '../functions/workflows/send-reminder';
import { countReadUnits, HEAVY_USER_ID, heavyInterviewId, heavyUserDeps, seedHeavyUser } from '../test/support/seed-heavy-user';
import { bundleForNode } from './bundle-for-node';

/**
 * Every path that reads a user's history, for one heavy user on dynalite: the prep brief of an
 * interview with someone met before, the thank-you and its nudge after an interview that brought
 * a referral, the weekly digest and the export. Read units are DynamoDB's own ConsumedCapacity
 * (ReturnConsumedCapacity TOTAL); export bytes are the raw message as SES would get it. The
 * digest and the export run in a process of their own (bench/history-child.ts), whose peak
 * memory is theirs alone: what the weekly-digest and reminder functions need at 10,000 interviews.
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
  /** CPU time of the export (the process's user + system), what a Lambda's share of a core stretches. */
  exportCpuMs: number;
  /** Peak resident memory (VmHWM) of the process that sent the export, and of the one that sent the digest. */
  exportPeakMb: number;
  digestPeakMb: number;
  /** Resident memory of that process, its code loaded, before the path ran: Node, the SDK and Rapport. */
  childBaselineMb: number;
}

interface ChildFigures {
  outcome: string;
  ms: number;
  cpuMs: number;
  readUnits: number;
  beforeMb: number;
  peakMb: number;
}

/** One path in a fresh process of its own against this dynalite (bench/history-child.ts). */
function inChild(child: string, pathName: 'export' | 'digest', socketPath: string, dataDir: string): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    // RAPPORT_BENCH_HEAP_MB caps the child's heap, to find the least a path runs in.
    const heap = process.env.RAPPORT_BENCH_HEAP_MB ? [`--max-old-space-size=${process.env.RAPPORT_BENCH_HEAP_MB}`] : [];
    const node = spawn(process.execPath, [...heap, child, pathName, socketPath, TABLE, dataDir], {
      cwd: path.resolve(__dirname, '..'),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    node.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    node.on('close', (code) => {
      const line = /^HISTORY (.*)$/m.exec(stderr)?.[1];
      if (!line) return reject(new Error(`${pathName} child: exit ${code}: ${stderr.slice(-500)}`));
      const figures = JSON.parse(line) as ChildFigures;
      if (figures.outcome !== 'sent' && figures.outcome !== 'nothing-to-say')
        return reject(new Error(`${pathName} not sent: ${figures.outcome}`));
      resolve(figures);
    });
  });
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

/**
 * `seededPath`: a table on disk that already holds the heavy user (seeded by a run given an empty
 * folder); a copy of it is measured, so its sends are new each time, and the minutes of seeding are skipped.
 */
export async function benchHistory(interviews: number, contacts: number, seededPath?: string): Promise<HistoryFigures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-bench-history-'));
  const dbPath = seededPath && existsSync(seededPath) ? path.join(dataDir, 'table') : seededPath;
  if (dbPath !== seededPath) cpSync(seededPath!, dbPath!, { recursive: true });
  const db = await startLocalDynamoDb({ tableName: TABLE, ...(dbPath ? { path: dbPath } : {}) });
  try {
    const child = bundleForNode(path.join(__dirname, 'history-child.ts'));
    const reads = countReadUnits(db.client);
    const deps = heavyUserDeps(db, TABLE, dataDir, 'bench');
    const seedStart = performance.now();
    const seeded = await deps.store.getUser(HEAVY_USER_ID);
    const user = seeded ?? (await seedHeavyUser(deps.store, interviews, contacts));
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
    const digest = await inChild(child, 'digest', db.socketPath, dataDir);
    const exported = await inChild(child, 'export', db.socketPath, dataDir);
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
      exportCpuMs: exported.cpuMs,
      exportPeakMb: exported.peakMb,
      digestPeakMb: digest.peakMb,
      childBaselineMb: exported.beforeMb,
    };
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [interviews = '10000', contacts = '20000', seededPath] = process.argv.slice(2);
  benchHistory(Number(interviews), Number(contacts), seededPath).then(
    (figures) => process.stdout.write(`${JSON.stringify(figures)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
