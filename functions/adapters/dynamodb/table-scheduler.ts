import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from '../../commons/zod';
import { addCalendarDays, wallClock, type WallClock, zonedWallTimeToEpochMs } from '../../commons/wall-clock';
import { DigestEvent, OneTimeEvent } from '../../domain/model';
import type { Clock, OneTimeSchedule, ScheduledEvent, Scheduler, WeeklySchedule } from '../../ports';
import { systemClock } from '../system-clock';
import { retryDelayMs, SCHEDULE_RETRY_POLICY } from '../schedule-retry-policy';
import { keys, sortableUtc } from './keys';
import { TABLE_KEYS } from './table';
import { conditionHeld, queryItems } from './table-io';

const { partitionKey: PK, sortKey: SK } = TABLE_KEYS;

/** A schedule whose time has come, as `due()` lists it. */
export interface DueSchedule {
  name: string;
  dueUtc: Date;
  event: ScheduledEvent;
  recurrence: 'once' | 'weekly';
  /** Failed attempts of this firing so far (0 the first time it comes due). */
  failedAttempts: number;
}

/** A firing given up after Scheduler's retries: what `rapport outbox` lists under "Given up". */
export interface DeadLetter {
  name: string;
  event: ScheduledEvent;
  /** When it was first due, and when it was given up (ISO UTC). */
  firstDueUtc: string;
  deadAtUtc: string;
  attempts: number;
  lastError: string;
}

export type FailedFiring =
  | { outcome: 'retry'; retryAtUtc: Date; failedAttempts: number }
  | { outcome: 'dead-lettered'; deadLetter: DeadLetter }
  /** Moved or cancelled by the attempt itself (or meanwhile): the new schedule stands. */
  | { outcome: 'moved' };

/** Errors kept on a schedule or a dead letter are cut to this many characters. */
const MAX_ERROR_CHARS = 500;

interface TableSchedulerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Weekly schedules start from the next occurrence after now. */
  clock?: Clock;
}

const Weekly = z.object({ weekday: z.number().int().min(1).max(7), time: z.string(), timeZone: z.string() });

/** The pointer item: where a schedule's due entry is, and everything needed to fire or move it. */
const DeadLetterItem = z.object({
  name: z.string(),
  event: z.union([OneTimeEvent, DigestEvent]),
  firstDueUtc: z.string(),
  deadAtUtc: z.string(),
  attempts: z.number().int(),
  lastError: z.string(),
});

const StoredSchedule = z.object({
  name: z.string(),
  dueSk: z.string(),
  dueUtc: z.string(),
  event: z.union([OneTimeEvent, DigestEvent]),
  weekly: Weekly.optional(),
  /** Set while a failed firing waits for its retry. */
  retry: z.object({ failedAttempts: z.number().int().min(1), firstDueUtc: z.string(), lastError: z.string() }).optional(),
});
type StoredSchedule = z.infer<typeof StoredSchedule>;

/**
 * The first `time` on ISO `weekday` in `timeZone` strictly after `after`. A wall time that a
 * spring-forward skips is read in the offset before the gap, an hour later (RFC 5545 §3.3.5, as
 * commons/wall-clock reads it), as EventBridge's cron does not:
 * the domain keeps digests out of 02:00–03:00 for that reason.
 */
export function nextWeeklyOccurrence(after: Date, weekday: number, time: string, timeZone: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  let start: WallClock;
  try {
    start = wallClock(after.getTime(), timeZone);
  } catch (cause) {
    throw new RangeError(`not a time zone: ${timeZone}`, { cause });
  }
  for (let offset = 0; offset <= 7; offset += 1) {
    const candidate = zonedWallTimeToEpochMs({ ...addCalendarDays(start, offset), hour: hour!, minute: minute!, second: 0 }, timeZone);
    const isoWeekday = wallClock(candidate, timeZone).weekday || 7;
    if (isoWeekday === weekday && candidate > after.getTime()) return new Date(candidate);
  }
  throw new RangeError(`no weekday ${weekday} at ${time} in the week after ${after.toISOString()}`);
}

/**
 * The Scheduler port for one machine: schedules live in the Rapport table (one SCHEDULE
 * partition, due entries sorted by time then name, one pointer per name so an upsert moves the
 * entry). It keeps no timer: the runtime asks `due()` and calls `markFired()` after each run.
 */
export class TableScheduler implements Scheduler {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: TableSchedulerOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  async scheduleOnce(schedule: OneTimeSchedule): Promise<void> {
    await this.upsert(schedule.name, schedule.atUtc, OneTimeEvent.parse(schedule.event), undefined);
  }

  /** Unchanged, it stays where it is: a digest due (or waiting for a retry) is not pushed to next week. */
  async scheduleWeekly(schedule: WeeklySchedule): Promise<void> {
    const weekly = { weekday: schedule.weekday, time: schedule.time, timeZone: schedule.timeZone };
    const event = DigestEvent.parse(schedule.event);
    const current = await this.pointer(schedule.name);
    if (
      current?.weekly &&
      JSON.stringify(current.weekly) === JSON.stringify(weekly) &&
      JSON.stringify(current.event) === JSON.stringify(event)
    )
      return;
    const dueUtc = nextWeeklyOccurrence(this.clock.now(), weekly.weekday, weekly.time, weekly.timeZone);
    await this.upsert(schedule.name, dueUtc, event, weekly);
  }

  async cancel(name: string): Promise<void> {
    const current = await this.pointer(name);
    if (!current) return;
    await this.deleteDueEntry(current.dueSk);
    await this.deletePointerIf(name, current.dueSk);
  }

  /** Schedules due at or before `untilUtc`, oldest first. */
  async due(untilUtc: Date): Promise<DueSchedule[]> {
    const due: DueSchedule[] = [];
    const entries = queryItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: `${PK} = :pk AND ${SK} BETWEEN :first AND :last`,
      ExpressionAttributeValues: {
        ':pk': keys.schedulePk,
        ':first': keys.scheduleDuePrefix,
        // Names are [0-9a-zA-Z-_.], all below '~'.
        ':last': `${keys.scheduleDuePrefix}${sortableUtc(untilUtc)}#~`,
      },
      ConsistentRead: true,
    });
    for await (const item of entries) {
      const current = await this.pointer(String(item.name));
      // An entry left behind by a move that crashed half-way: the pointer says where it is now.
      if (!current || current.dueSk !== item[SK]) continue;
      due.push({
        name: current.name,
        dueUtc: new Date(current.dueUtc),
        event: current.event,
        recurrence: current.weekly ? 'weekly' : 'once',
        failedAttempts: current.retry?.failedAttempts ?? 0,
      });
    }
    return due;
  }

  /**
   * After a run: a one-time schedule is deleted, a weekly one moves to its next occurrence.
   * With `firedDueUtc`, a schedule that was moved meanwhile (to another time) is left alone.
   */
  async markFired(name: string, firedDueUtc?: Date): Promise<void> {
    const current = await this.pointer(name);
    if (!current) return;
    if (firedDueUtc && sortableUtc(current.dueUtc) !== sortableUtc(firedDueUtc)) return;
    if (!current.weekly) {
      await this.cancel(name);
      return;
    }
    const { weekday, time, timeZone } = current.weekly;
    const after = new Date(Math.max(this.clock.now().getTime(), new Date(current.dueUtc).getTime()));
    await this.upsert(name, nextWeeklyOccurrence(after, weekday, time, timeZone), current.event, current.weekly);
  }

  /**
   * After a failed run, what EventBridge Scheduler would do: retry with exponential backoff
   * within its retry policy, then give the firing up to the dead-letter queue (here, an item
   * `deadLetters()` lists). A one-time schedule given up is deleted; a weekly one moves on to
   * its next occurrence.
   */
  async markFailed(name: string, firedDueUtc: Date, error: string): Promise<FailedFiring> {
    const current = await this.pointer(name);
    if (!current || sortableUtc(current.dueUtc) !== sortableUtc(firedDueUtc)) return { outcome: 'moved' };
    const failedAttempts = (current.retry?.failedAttempts ?? 0) + 1;
    const firstDueUtc = current.retry?.firstDueUtc ?? current.dueUtc;
    const lastError = error.slice(0, MAX_ERROR_CHARS);
    // Counted from the attempt's due time (the clock has moved on by the attempt's own length).
    const retryAtUtc = new Date(Math.max(firedDueUtc.getTime() + retryDelayMs(failedAttempts), this.clock.now().getTime()));
    const withinAge = retryAtUtc.getTime() - new Date(firstDueUtc).getTime() <= SCHEDULE_RETRY_POLICY.MaximumEventAgeInSeconds * 1000;
    if (failedAttempts <= SCHEDULE_RETRY_POLICY.MaximumRetryAttempts && withinAge) {
      await this.upsert(name, retryAtUtc, current.event, current.weekly, { failedAttempts, firstDueUtc, lastError });
      return { outcome: 'retry', retryAtUtc, failedAttempts };
    }
    const deadAt = this.clock.now();
    const deadLetter: DeadLetter = {
      name,
      event: current.event,
      firstDueUtc: sortableUtc(firstDueUtc),
      deadAtUtc: sortableUtc(deadAt),
      attempts: failedAttempts,
      lastError,
    };
    // The dead letter first: a crash after it leaves a schedule that fires again, never a firing lost without a record.
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.scheduleDeadLetter(deadAt, name), ...deadLetter } }),
    );
    await this.markFired(name, firedDueUtc);
    return { outcome: 'dead-lettered', deadLetter };
  }

  /** Firings given up after their retries, oldest first. */
  async deadLetters(): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    const items = queryItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: `${PK} = :pk AND begins_with(${SK}, :prefix)`,
      ExpressionAttributeValues: { ':pk': keys.schedulePk, ':prefix': keys.scheduleDeadLetterPrefix },
      ConsistentRead: true,
    });
    for await (const item of items) letters.push(DeadLetterItem.parse(item));
    return letters;
  }

  /** New entry first, pointer second, old entry last: a crash leaves at worst an entry `due()` skips. */
  private async upsert(
    name: string,
    dueUtc: Date,
    event: ScheduledEvent,
    weekly: StoredSchedule['weekly'],
    retry?: StoredSchedule['retry'],
  ) {
    const previous = await this.pointer(name);
    const dueKey = keys.scheduleDue(dueUtc, name);
    const stored: StoredSchedule = {
      name,
      dueSk: dueKey.SK,
      dueUtc: sortableUtc(dueUtc),
      event,
      ...(weekly ? { weekly } : {}),
      ...(retry ? { retry } : {}),
    };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...dueKey, name } }));
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.scheduleName(name), ...stored } }));
    if (previous && previous.dueSk !== dueKey.SK) await this.deleteDueEntry(previous.dueSk);
  }

  private async pointer(name: string): Promise<StoredSchedule | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.scheduleName(name), ConsistentRead: true }),
    );
    return Item ? StoredSchedule.parse(Item) : undefined;
  }

  private async deleteDueEntry(dueSk: string) {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { [PK]: keys.schedulePk, [SK]: dueSk } }));
  }

  private async deletePointerIf(name: string, dueSk: string) {
    // A condition that fails means someone else moved it meanwhile: that schedule is theirs now.
    await conditionHeld(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.scheduleName(name),
          ConditionExpression: 'dueSk = :dueSk',
          ExpressionAttributeValues: { ':dueSk': dueSk },
        }),
      ),
    );
  }
}
