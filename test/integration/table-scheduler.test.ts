import { startLocalDynamoDb, type LocalDynamoDb } from '../../functions/adapters/dynamodb/local-dynamodb';
import { nextWeeklyOccurrence, TableScheduler } from '../../functions/adapters/dynamodb/table-scheduler';
import type { ReminderEvent } from '../../functions/domain/model';
import { ManualClock } from '../support/store-contract';

const TABLE = 'rapport-scheduler-test';
const reminder = (interviewId: string, kind: ReminderEvent['kind'] = 'prep-brief', version = 1): ReminderEvent => ({
  kind,
  userId: 'u-1',
  interviewId,
  version,
});

describe('TableScheduler', () => {
  let local: LocalDynamoDb;
  let scheduler: TableScheduler;
  let clock: ManualClock;
  let run = 0;
  // One table per file; each test its own names so they don't see each other's schedules.
  const name = (base: string) => `${base}-${run}`;

  beforeAll(async () => {
    local = await startLocalDynamoDb({ tableName: TABLE });
  });
  afterAll(async () => {
    await local?.close();
  });
  beforeEach(async () => {
    run += 1;
    clock = new ManualClock(new Date('2025-12-01T09:00:00.000Z'));
    scheduler = new TableScheduler({ client: local.client, tableName: TABLE, clock });
    // Fire and forget everything earlier tests left due, so each test sees only its own.
    for (const due of await scheduler.due(new Date('2100-01-01T00:00:00Z'))) await scheduler.cancel(due.name);
  });

  it('lists what is due by a time, oldest first, and nothing later', async () => {
    await scheduler.scheduleOnce({ name: name('b-thank-you'), atUtc: new Date('2025-12-03T15:30:00Z'), event: reminder('b', 'thank-you') });
    await scheduler.scheduleOnce({ name: name('a-prep'), atUtc: new Date('2025-12-02T14:00:00Z'), event: reminder('a') });
    await scheduler.scheduleOnce({ name: name('c-prep'), atUtc: new Date('2025-12-09T14:00:00Z'), event: reminder('c') });

    const due = await scheduler.due(new Date('2025-12-03T15:30:00Z'));
    expect(due.map((d) => [d.name, d.dueUtc.toISOString(), d.event])).toEqual([
      [name('a-prep'), '2025-12-02T14:00:00.000Z', reminder('a')],
      [name('b-thank-you'), '2025-12-03T15:30:00.000Z', reminder('b', 'thank-you')],
    ]);
    expect(await scheduler.due(new Date('2025-12-02T13:59:59Z'))).toEqual([]);
  });

  it('moves a reminder scheduled again under the same name', async () => {
    await scheduler.scheduleOnce({ name: name('i-prep'), atUtc: new Date('2025-12-02T14:00:00Z'), event: reminder('i') });
    await scheduler.scheduleOnce({ name: name('i-prep'), atUtc: new Date('2025-12-05T14:00:00Z'), event: reminder('i', 'prep-brief', 2) });

    expect(await scheduler.due(new Date('2025-12-04T00:00:00Z'))).toEqual([]);
    const due = await scheduler.due(new Date('2025-12-06T00:00:00Z'));
    expect(due).toHaveLength(1);
    expect(due[0]?.event).toEqual(reminder('i', 'prep-brief', 2));
  });

  it('forgets a one-time reminder once fired, and a cancelled one at once', async () => {
    await scheduler.scheduleOnce({ name: name('x-prep'), atUtc: new Date('2025-12-02T14:00:00Z'), event: reminder('x') });
    await scheduler.scheduleOnce({ name: name('y-prep'), atUtc: new Date('2025-12-02T15:00:00Z'), event: reminder('y') });
    const [first] = await scheduler.due(new Date('2025-12-02T14:00:00Z'));
    await scheduler.markFired(name('x-prep'), first?.dueUtc);
    await scheduler.cancel(name('y-prep'));
    await scheduler.cancel(name('never-existed'));

    expect(await scheduler.due(new Date('2025-12-31T00:00:00Z'))).toEqual([]);
  });

  it('leaves a reminder alone when it was moved after it came due', async () => {
    await scheduler.scheduleOnce({ name: name('m-prep'), atUtc: new Date('2025-12-02T14:00:00Z'), event: reminder('m') });
    const [due] = await scheduler.due(new Date('2025-12-02T14:00:00Z'));
    await scheduler.scheduleOnce({ name: name('m-prep'), atUtc: new Date('2025-12-04T14:00:00Z'), event: reminder('m', 'prep-brief', 2) });
    await scheduler.markFired(name('m-prep'), due?.dueUtc);

    expect((await scheduler.due(new Date('2025-12-31T00:00:00Z'))).map((d) => d.dueUtc.toISOString())).toEqual([
      '2025-12-04T14:00:00.000Z',
    ]);
  });

  it("runs the weekly digest at 08:00 in the user's zone, every week across a DST change", async () => {
    clock.set(new Date('2026-03-17T12:00:00Z')); // a Tuesday
    const event = { kind: 'weekly-digest', userId: 'u-1' } as const;
    await scheduler.scheduleWeekly({ name: name('u-1-digest'), weekday: 1, time: '08:00', timeZone: 'Europe/Berlin', event });

    const fired: string[] = [];
    for (let week = 0; week < 3; week += 1) {
      const [due] = await scheduler.due(new Date('2026-12-31T00:00:00Z'));
      if (!due) throw new Error('the weekly digest is not scheduled');
      expect(due.event).toEqual(event);
      expect(due.recurrence).toBe('weekly');
      fired.push(due.dueUtc.toISOString());
      clock.set(due.dueUtc);
      await scheduler.markFired(due.name, due.dueUtc);
    }
    // Berlin moves from UTC+1 to UTC+2 on 29 March 2026.
    expect(fired).toEqual(['2026-03-23T07:00:00.000Z', '2026-03-30T06:00:00.000Z', '2026-04-06T06:00:00.000Z']);
  });
});

describe('nextWeeklyOccurrence', () => {
  it('is later the same day when that time is still ahead, else next week', () => {
    const monday0700Berlin = new Date('2025-12-01T06:00:00Z');
    expect(nextWeeklyOccurrence(monday0700Berlin, 1, '08:00', 'Europe/Berlin').toISOString()).toBe('2025-12-01T07:00:00.000Z');
    expect(nextWeeklyOccurrence(new Date('2025-12-01T07:00:00Z'), 1, '08:00', 'Europe/Berlin').toISOString()).toBe(
      '2025-12-08T07:00:00.000Z',
    );
  });

  it('counts the weekday in the user zone, not in UTC', () => {
    // 03:00 UTC on Monday 1 Dec is still Sunday evening (22:00) in New York.
    expect(nextWeeklyOccurrence(new Date('2025-12-01T03:00:00Z'), 7, '23:30', 'America/New_York').toISOString()).toBe(
      '2025-12-01T04:30:00.000Z',
    );
    expect(nextWeeklyOccurrence(new Date('2025-12-01T03:00:00Z'), 1, '08:00', 'America/New_York').toISOString()).toBe(
      '2025-12-01T13:00:00.000Z',
    );
  });
});
