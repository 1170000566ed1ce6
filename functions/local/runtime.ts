import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { instanceFile } from './instance-file';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { makePrivateDataFolder } from './private-folder';
import path from 'node:path';
import { FileRawMailStore } from '../adapters/local/file-raw-mail-store';
import {
  outboxDirectory,
  outboxFiles,
  OutboxMailer,
  readOutbox,
  readOutboxMessage,
  type OutboxMessage,
} from '../adapters/local/outbox-mailer';
import { TableScheduler } from '../adapters/dynamodb/table-scheduler';
import { ErasingStore } from './erasing-store';
import { startLocalDynamoDb } from '../adapters/dynamodb/local-dynamodb';
import { randomIds } from '../domain/ids';
import { jsonLogger } from '../commons/json-logger';
import { fixedTokenKeys, parseTokenKeys, type TokenKeys } from '../domain/reply-token';
import type { Logger } from '../ports';
import type { Deps } from '../workflows/deps';
import { skippingSuppressedRecipients } from '../workflows/suppression-check';
import { OperatorNoticesFile, readOperatorNotices } from '../adapters/local/operator-notices';
import type { SuppressionReason } from '../domain/model';
import { readMailFeedback } from '../inbound/mail-feedback';
import { recordMailFeedback } from '../workflows/record-mail-feedback';
import { simulatedSesFeedback } from './simulated-feedback';
import { receiveRawMail } from '../workflows/receive-raw-mail';
import type { LocalConfig } from './config';
import { fireSchedule } from './fire-schedule';
import { MovableClock } from './movable-clock';
import { startSmtpInbound } from './smtp-inbound';
import { controlSecretFile, createControlSecret } from './control-secret';
import { startWeb, TickRefusedError, type OutboxEntry, type OutboxPage, type TickResult } from './web';
import { UNSUBSCRIBE_PATH } from '../domain/unsubscribe';
import { answerUnsubscribeRequest } from '../workflows/unsubscribe-request';

const TABLE_NAME = 'rapport';

/**
 * How far one `rapport tick` may move the clock. The clock never goes back, so a mistyped or
 * hostile `+10y` would fire ten years of digests at once and leave the instance in the future;
 * a year covers any interview's lifecycle, and longer spans take several deliberate ticks.
 */
const MAX_TICK_SPAN_MS = 366 * 86_400_000;
/**
 * How many schedules one tick fires (each sends at most a few emails). Past it the tick stops
 * at the last schedule it fired, says so, and the next tick goes on from there.
 */
const MAX_FIRINGS_PER_TICK = 200;

interface FiredSchedule {
  name: string;
  atUtc: string;
  outcome: string;
}

export interface LocalRuntime {
  smtpPort: number;
  webPort: number;
  domain: string;
  dataDir: string;
  clock: MovableClock;
  deps: Deps;
  /**
   * Moves the clock to `until`, firing everything due on the way, in order; at most
   * MAX_TICK_SPAN_MS ahead (TickRefusedError) and MAX_FIRINGS_PER_TICK firings (then it stops early).
   */
  tick(until: Date): Promise<TickResult>;
  outbox(): Promise<OutboxEntry[]>;
  stop(): Promise<void>;
}

/**
 * The reply-token keys of this machine: a key made once and kept in the data folder; to rotate,
 * write `{"current": "<new>", "previous": "<old>"}` there (the same format as the AWS secret).
 */
function localTokenKeys(dataDir: string): TokenKeys {
  const file = path.join(dataDir, 'token-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return parseTokenKeys(readFileSync(file, 'utf8'));
}

interface Runner {
  deps: Deps;
  scheduler: TableScheduler;
  clock: MovableClock;
  log: Logger;
}

/**
 * Fires what is due by `until` in time order, moving the clock to each schedule's time first so
 * what it sends is stamped and judged as of then; a firing may schedule more, hence the loop.
 */
async function fireDue({ deps, scheduler, clock }: Runner, until: Date, limit = Number.POSITIVE_INFINITY): Promise<FiredSchedule[]> {
  const fired: FiredSchedule[] = [];
  while (fired.length < limit) {
    const [next] = await scheduler.due(until);
    if (!next) break;
    clock.advanceTo(next.dueUtc);
    const outcome = await fireSchedule(deps, scheduler, next);
    fired.push({ name: next.name, atUtc: next.dueUtc.toISOString(), outcome });
  }
  return fired;
}

/** `rapport tick`: refuses a span over MAX_TICK_SPAN_MS, stops early after `limit` firings. */
async function tickTo(runner: Runner, until: Date, limit: number): Promise<TickResult> {
  const { clock, scheduler } = runner;
  const span = until.getTime() - clock.now().getTime();
  if (span > MAX_TICK_SPAN_MS) {
    throw new TickRefusedError(
      `one tick moves the clock at most ${MAX_TICK_SPAN_MS / 86_400_000} days ahead (the clock never goes back); tick in smaller steps`,
    );
  }
  const fired = await fireDue(runner, until, limit);
  if (fired.length === limit && (await scheduler.due(until)).length > 0) {
    return {
      fired,
      now: clock.now().toISOString(),
      stoppedEarly: `stopped after ${limit} schedules at ${clock.now().toISOString()}; tick again to go on`,
    };
  }
  clock.advanceTo(until);
  return { fired, now: clock.now().toISOString() };
}

/** How the outbox shows an email whose recipient was forgotten. */
export const FORGOTTEN_RECIPIENT = '(an address whose data was deleted)';

function outboxEntry(m: OutboxMessage): OutboxEntry {
  return {
    id: m.file,
    // No recipient: the answer to a deletion, which forgot the address (docs/security.md).
    to: m.to.length > 0 ? m.to.join(', ') : FORGOTTEN_RECIPIENT,
    from: m.from,
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    subject: m.subject,
    date: m.date,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    ...(m.listUnsubscribe ? { listUnsubscribe: m.listUnsubscribe } : {}),
    ...(m.listUnsubscribePost ? { listUnsubscribePost: m.listUnsubscribePost } : {}),
    attachments: m.attachments,
  };
}

async function outboxEntries(dataDir: string): Promise<OutboxEntry[]> {
  return (await readOutbox(outboxDirectory(dataDir))).map(outboxEntry);
}

/** One page of the outbox, newest first: only the page's own messages are read, however many were sent. */
async function outboxPage(dataDir: string, offset: number, limit: number): Promise<OutboxPage> {
  const dir = outboxDirectory(dataDir);
  const files = await outboxFiles(dir);
  const newestFirst = files.slice(Math.max(0, files.length - offset - limit), Math.max(0, files.length - offset)).reverse();
  const messages = await Promise.all(newestFirst.map((file) => readOutboxMessage(dir, file)));
  return { total: files.length, entries: messages.flatMap((m) => (m ? [outboxEntry(m)] : [])) };
}

async function outboxMessage(dataDir: string, id: string): Promise<OutboxEntry | undefined> {
  const message = await readOutboxMessage(outboxDirectory(dataDir), id);
  return message && outboxEntry(message);
}

/** What the web page and the API read from the data folder: the outbox (whole, a page, one email) and the operator's notices. */
function webReads(dataDir: string) {
  return {
    notices: () => readOperatorNotices(dataDir),
    outbox: () => outboxEntries(dataDir),
    outboxPage: (offset: number, limit: number) => outboxPage(dataDir, offset, limit),
    outboxMessage: (id: string) => outboxMessage(dataDir, id),
  };
}

/** The workflows' ports on one machine: the table in dynalite, the outbox, raw mail in files. */
function localDeps(
  config: LocalConfig,
  log: Logger,
  clock: MovableClock,
  client: DynamoDBDocumentClient,
  scheduler: TableScheduler,
): Deps & { store: ErasingStore; rawMail: FileRawMailStore } {
  const store = new ErasingStore({ client, tableName: TABLE_NAME, clock }, config.dataDir);
  return {
    store,
    scheduler,
    mailer: skippingSuppressedRecipients(new OutboxMailer({ dataDir: config.dataDir, clock, messageIdDomain: config.domain }), store),
    rawMail: new FileRawMailStore(config.dataDir),
    clock,
    ids: randomIds,
    log,
    config: {
      domain: config.domain,
      allowedSenders: config.allowedSenders,
      ...(config.operatorEmail ? { operatorEmail: config.operatorEmail } : {}),
      tokenKeys: fixedTokenKeys(localTokenKeys(config.dataDir)),
    },
  };
}

/** The reminders and digests the local scheduler gave up on after its retries, as the outbox page lists them. */
async function givenUpFirings(scheduler: TableScheduler) {
  return (await scheduler.deadLetters()).map((d) => ({
    name: d.name,
    kind: d.event.kind,
    firstDueUtc: d.firstDueUtc,
    deadAtUtc: d.deadAtUtc,
    attempts: d.attempts,
    lastError: d.lastError,
  }));
}

/** What the mail-feedback function does in AWS, with the record SES would publish (`rapport bounce`). */
async function simulateBounce(deps: Deps, dataDir: string, address: string, reason: SuppressionReason) {
  const { store, clock, log } = deps;
  const operator = new OperatorNoticesFile({ dataDir, clock, log });
  const feedback = readMailFeedback(simulatedSesFeedback(address, reason, clock.now()));
  if (!feedback) throw new Error('the simulated SES record did not read as feedback');
  return recordMailFeedback({ store, operator, clock, log }, feedback);
}

/** Where digests and keep-in-touch emails link to unsubscribe: known once the web server listens (the system may choose its port). */
function localUnsubscribeUrl(webPort: number): string {
  return `http://127.0.0.1:${webPort}${UNSUBSCRIBE_PATH.replace(/\/$/, '')}`;
}

/**
 * Rapport on one machine: the same workflows as the Lambdas, over local adapters — dynalite in
 * this process (persisted under the data folder), an SMTP front door, schedules kept in the
 * table and fired by a timer against a movable clock, and an outbox with a web page.
 */
export async function startRuntime(config: LocalConfig, log: Logger = jsonLogger({ service: 'rapport-local' })): Promise<LocalRuntime> {
  makePrivateDataFolder(config.dataDir);
  const clock = new MovableClock(config.dataDir, config.startAt);
  const db = await startLocalDynamoDb({ tableName: TABLE_NAME, path: path.join(config.dataDir, 'db') });
  const scheduler = new TableScheduler({ client: db.client, tableName: TABLE_NAME, clock });
  const deps = localDeps(config, log, clock, db.client, scheduler);
  const { store, rawMail } = deps;
  const runner: Runner = { deps, scheduler, clock, log };
  // One firing at a time: the timer and `rapport tick` must not send the same reminder twice at once.
  let firing: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = firing.then(work, work);
    firing = next.catch(() => undefined);
    return next;
  };
  const tick = (until: Date): Promise<TickResult> =>
    serially(() => tickTo(runner, until, config.maxFiringsPerTick ?? MAX_FIRINGS_PER_TICK));
  const reads = webReads(config.dataDir);

  const bounce = (address: string, reason: SuppressionReason) => serially(() => simulateBounce(deps, config.dataDir, address, reason));

  const smtp = await startSmtpInbound({
    port: config.smtpPort,
    domain: config.domain,
    maxMessageBytes: config.maxMessageBytes,
    allowedSenders: config.allowedSenders,
    ...(config.maxSmtpConnectionsPerClient ? { maxConnectionsPerClient: config.maxSmtpConnectionsPerClient } : {}),
    log,
    // As SES does: keep the raw message first, then read it.
    deliver: async (raw, envelope) => {
      await rawMail.put(envelope.deliveryId, raw);
      const received = await receiveRawMail(deps, raw, envelope);
      // After a deletion, once its answer is sent: the answer forgets the address, and the deleted items leave the files on disk too.
      await store.finishErasure(() => serially(() => db.compact()));
      return received;
    },
  });
  const web = await startWeb(
    { port: config.webPort, secret: createControlSecret(config.dataDir) },
    {
      ...reads,
      givenUp: () => givenUpFirings(scheduler),
      tick,
      status: () => ({ now: clock.now().toISOString(), smtpPort: smtp.port, domain: config.domain }),
      bounce,
      unsubscribe: (request) => serially(() => answerUnsubscribeRequest(deps, request)),
    },
    log,
  );
  deps.config.unsubscribeUrl = localUnsubscribeUrl(web.port);
  const timer = setInterval(() => {
    void serially(() => fireDue(runner, clock.now())).catch((error: unknown) => log.error('timer failed', { error: String(error) }));
  }, config.tickMs).unref();

  writeFileSync(
    instanceFile(config.dataDir),
    JSON.stringify({ smtpPort: smtp.port, webPort: web.port, domain: config.domain, pid: process.pid }),
  );

  let stopped = false;
  return {
    smtpPort: smtp.port,
    webPort: web.port,
    domain: config.domain,
    dataDir: config.dataDir,
    clock,
    deps,
    tick,
    outbox: reads.outbox,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([smtp.close(), web.close()]);
      await firing;
      await db.close();
      rmSync(instanceFile(config.dataDir), { force: true });
      rmSync(controlSecretFile(config.dataDir), { force: true });
    },
  };
}
