import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRawMailStore } from '../../functions/adapters/local/file-raw-mail-store';
import { outboxDirectory, OutboxMailer, readOutbox, type OutboxMessage } from '../../functions/adapters/local/outbox-mailer';
import { TableScheduler } from '../../functions/adapters/dynamodb/table-scheduler';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../functions/adapters/dynamodb/local-dynamodb';
import { fixedTokenKeys } from '../../functions/domain/reply-token';
import type { Interview } from '../../functions/domain/model';
import type { Deps } from '../../functions/workflows/deps';
import { withFrom } from '../../functions/local/rewrite-from';
import { receiveRawMail } from '../../functions/workflows/receive-raw-mail';
import { skippingSuppressedRecipients } from '../../functions/workflows/suppression-check';

/** The real-email corpus beside the repository, or where RAPPORT_CORPUS says (a worktree sits one level deeper). */
export const CORPUS = process.env.RAPPORT_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');
export const DOMAIN = 'rapport.test';
export { withFrom };

/** A clock the test sets. */
export class TestClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
}

/**
 * The workflows over real local adapters — a DynamoDB API (dynalite), the table scheduler and
 * the outbox — exactly what `npm start` runs, with a clock the test controls.
 */
export interface Harness {
  deps: Deps;
  clock: TestClock;
  scheduler: TableScheduler;
  store: DynamoDbStore;
  /** Where delivered mail is kept raw (the data folder's `inbound/`). */
  rawMail: FileRawMailStore;
  outbox(): Promise<OutboxMessage[]>;
  /** Delivers raw mail as SMTP would, sent by `from` (the From header is rewritten to it). */
  deliver(raw: string | Buffer, options?: { from?: string; to?: string; authenticated?: boolean }): ReturnType<typeof receiveRawMail>;
  close(): Promise<void>;
  logs: { level: string; message: string; fields?: Record<string, unknown> }[];
}

let deliveries = 0;

export function corpusFile(relative: string): Buffer {
  return readFileSync(path.join(CORPUS, relative));
}

export async function startHarness(options: { now: string; allowedSenders?: string[] }): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-test-'));
  const db: LocalDynamoDb = await startLocalDynamoDb({ tableName: 'rapport' });
  const clock = new TestClock(new Date(options.now));
  const store = new DynamoDbStore({ client: db.client, tableName: 'rapport', clock });
  const scheduler = new TableScheduler({ client: db.client, tableName: 'rapport', clock });
  const logs: Harness['logs'] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    logs.push({ level, message, ...(fields ? { fields } : {}) });
  };
  const rawMail = new FileRawMailStore(dataDir);
  const deps: Deps = {
    store,
    scheduler,
    // As both runtimes build it: nothing goes to an address Rapport stopped mailing.
    mailer: skippingSuppressedRecipients(new OutboxMailer({ dataDir, clock, messageIdDomain: DOMAIN }), store),
    rawMail,
    clock,
    ids: { newUserId: () => (0x100000000000 + Math.floor(Math.random() * 0xeffffffffff)).toString(16) },
    log: { info: log('info'), warn: log('warn'), error: log('error') },
    config: { domain: DOMAIN, allowedSenders: options.allowedSenders ?? ['*'], tokenKeys: fixedTokenKeys({ current: 'test-secret' }) },
  };
  return {
    deps,
    clock,
    scheduler,
    store,
    rawMail,
    logs,
    outbox: () => readOutbox(outboxDirectory(dataDir)),
    deliver: async (raw, o = {}) => {
      deliveries += 1;
      const message = o.from ? withFrom(raw, o.from) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      // Kept raw first, as SES and the local SMTP server do.
      await rawMail.put(`test-${deliveries}`, message);
      return receiveRawMail(deps, message, {
        envelopeFrom: o.from?.replace(/^.*<|>.*$/g, '') ?? 'someone@example.com',
        recipients: [o.to ?? `log@${DOMAIN}`],
        authenticated: o.authenticated ?? true,
        deliveryId: `test-${deliveries}`,
      });
    },
    close: async () => {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The interviews of the user at `email` that fall in 2027 (where the tests that read them put theirs), by start time. */
export async function interviewsIn2027(harness: Harness, email: string): Promise<Interview[]> {
  const userId = (await harness.store.findUserIdByEmail(email))!;
  return harness.store.listInterviews(userId, { fromUtc: '2027-01-01T00:00:00Z', toUtc: '2028-01-01T00:00:00Z' });
}
