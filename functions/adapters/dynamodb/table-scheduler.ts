import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { z } from '../../commons/zod';
import { DigestEvent, ReminderEvent } from '../../domain/model';
import type { Clock, OneTimeSchedule, ScheduledEvent, Scheduler, WeeklySchedule } from '../../ports';
import { systemClock } from '../system-clock';
import { keys, sortableUtc } from './keys';
import { isConditionalCheckFailed, TABLE_KEYS } from './table';

const { partitionKey: PK, sortKey: SK } = TABLE_KEYS;

/** A schedule whose time has come, as `due()` lists it. */
export interface DueSchedule {
  name: string;
  dueUtc: Date;
  event: ScheduledEvent;
  recurrence: 'once' | 'weekly';
}

export interface TableSchedulerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Weekly schedules start from the next occurrence after now. */
  clock?: Clock;
}

const Weekly = z.object({ weekday: z.number().int().min(1).max(7), time: z.string(), timeZone: z.string() });

/** The pointer item: where a schedule's due entry is, and everything needed to fire or move it. */
const StoredSchedule = z.object({
  name: z.string(),
  dueSk: z.string(),
  dueUtc: z.string(),
  event: z.union([ReminderEvent, DigestEvent]),
  weekly: Weekly.optional(),
});
type StoredSchedule = z.infer<typeof StoredSchedule>;

/**
 * The first `time` on ISO `weekday` in `timeZone` strictly after `after`. A wall time that a
 * spring-forward skips moves to the next existing instant (luxon), as EventBridge's cron does not:
 * the domain keeps digests out of 02:00–03:00 for that reason.
 */
export function nextWeeklyOccurrence(after: Date, weekday: number, time: string, timeZone: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  const start = DateTime.fromJSDate(after, { zone: timeZone });
  if (!start.isValid) throw new RangeError(`not a time zone: ${timeZone}`);
  for (let offset = 0; offset <= 7; offset += 1) {
    const day = start.plus({ days: offset });
    const candidate = DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour, minute },
      { zone: timeZone },
    );
    if (candidate.weekday === weekday && candidate.toMillis() > after.getTime()) return candidate.toJSDate();
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
    await this.upsert(schedule.name, schedule.atUtc, ReminderEvent.parse(schedule.event), undefined);
  }

  async scheduleWeekly(schedule: WeeklySchedule): Promise<void> {
    const weekly = { weekday: schedule.weekday, time: schedule.time, timeZone: schedule.timeZone };
    const dueUtc = nextWeeklyOccurrence(this.clock.now(), weekly.weekday, weekly.time, weekly.timeZone);
    await this.upsert(schedule.name, dueUtc, DigestEvent.parse(schedule.event), weekly);
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
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: `${PK} = :pk AND ${SK} BETWEEN :first AND :last`,
          ExpressionAttributeValues: {
            ':pk': keys.schedulePk,
            ':first': keys.scheduleDuePrefix,
            // Names are [0-9a-zA-Z-_.], all below '~'.
            ':last': `${keys.scheduleDuePrefix}${sortableUtc(untilUtc)}#~`,
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const current = await this.pointer(String(item.name));
        // An entry left behind by a move that crashed half-way: the pointer says where it is now.
        if (!current || current.dueSk !== item[SK]) continue;
        due.push({
          name: current.name,
          dueUtc: new Date(current.dueUtc),
          event: current.event,
          recurrence: current.weekly ? 'weekly' : 'once',
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
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

  /** New entry first, pointer second, old entry last: a crash leaves at worst an entry `due()` skips. */
  private async upsert(name: string, dueUtc: Date, event: ScheduledEvent, weekly: StoredSchedule['weekly']) {
    const previous = await this.pointer(name);
    const dueKey = keys.scheduleDue(dueUtc, name);
    const stored: StoredSchedule = {
      name,
      dueSk: dueKey.SK,
      dueUtc: sortableUtc(dueUtc),
      event,
      ...(weekly ? { weekly } : {}),
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
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.scheduleName(name),
          ConditionExpression: 'dueSk = :dueSk',
          ExpressionAttributeValues: { ':dueSk': dueSk },
        }),
      );
    } catch (error) {
      // Moved by someone else meanwhile: that schedule is theirs now.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
