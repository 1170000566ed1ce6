import { randomUUID } from 'node:crypto';
import type { Contact, Interview, User } from '../../functions/domain/model';
import { ConditionFailedError, type Store } from '../../functions/ports';
import { BACKFILL_ITEMS_PER_CALL } from '../../functions/adapters/dynamodb/history-backfill';
import { forgetHistoryMarkers, type StoredTable } from './stored-items';

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date): void {
    this.current = date;
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function aUser(overrides: Partial<User> = {}): User {
  const userId = overrides.userId ?? `u-${randomUUID()}`;
  return {
    userId,
    email: `${userId}@example.com`,
    name: 'Ada Lovelace',
    timeZone: 'Europe/Berlin',
    timeZoneSource: 'inferred',
    digest: { enabled: true, weekday: 1, time: '08:00' },
    createdAt: '2025-11-01T09:00:00.000Z',
    ...overrides,
  };
}

export function anInterview(userId: string, overrides: Partial<Interview> = {}): Interview {
  const interviewId = overrides.interviewId ?? `i-${randomUUID().slice(0, 8)}`;
  return {
    userId,
    interviewId,
    calendarUid: `${interviewId}@calendar.example`,
    sequence: 0,
    version: 1,
    status: 'scheduled',
    title: 'Coffee chat with Jane Doe',
    startUtc: '2025-12-03T14:00:00.000Z',
    endUtc: '2025-12-03T14:30:00.000Z',
    allDay: false,
    attendees: [{ email: 'jane@acme.example', name: 'Jane Doe' }],
    contact: { email: 'jane@acme.example', name: 'Jane Doe' },
    company: 'Acme',
    createdAt: '2025-11-20T10:00:00.000Z',
    updatedAt: '2025-11-20T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * The behaviours every Store adapter must have, run against each engine by the caller.
 * `setup` returns the store under test and the clock it reads.
 */
export function storeContract(setup: () => { store: Store; clock: ManualClock; table: StoredTable }): void {
  let store: Store;
  let clock: ManualClock;
  let table: StoredTable;
  beforeEach(() => {
    ({ store, clock, table } = setup());
    clock.set(new Date('2025-11-20T10:00:00.000Z'));
  });

  describe('users and sender addresses', () => {
    it('reads back the user it stored, and nothing for an unknown one', async () => {
      const user = aUser({ pitch: 'Data engineer moving into product.' });
      await store.putUser(user);
      expect(await store.getUser(user.userId)).toEqual(user);
      expect(await store.getUser('nobody')).toBeUndefined();
    });

    it('creates a profile once: a second create keeps the first', async () => {
      const user = aUser();
      expect(await store.createUser(user)).toBe(true);
      expect(await store.createUser({ ...user, name: 'Someone Else' })).toBe(false);
      expect(await store.getUser(user.userId)).toEqual(user);
    });

    it('gives an address to the first user who claims it, case-insensitively', async () => {
      const first = aUser();
      const second = aUser();
      expect(await store.claimEmail('Ada@Example.COM ', first.userId)).toBe(true);
      expect(await store.claimEmail('ada@example.com', first.userId)).toBe(true);
      expect(await store.claimEmail('ADA@example.com', second.userId)).toBe(false);
      expect(await store.findUserIdByEmail('ada@EXAMPLE.com')).toBe(first.userId);
      expect(await store.findUserIdByEmail('someone-else@example.com')).toBeUndefined();
      await store.deleteUserData(first.userId);
      await store.deleteUserData(second.userId);
    });
  });

  describe('suppressed addresses', () => {
    it('keeps the first bounce or complaint of an address, case-insensitively, until the operator is told', async () => {
      expect(await store.getSuppression('ada@example.com')).toBeUndefined();
      const first = await store.suppressAddress({
        email: 'Ada@Example.com',
        reason: 'bounce',
        detail: 'NoEmail',
        feedbackId: 'f-1',
        suppressedAt: '2025-11-20T10:00:00.000Z',
      });
      expect(first).toEqual({
        email: 'ada@example.com',
        reason: 'bounce',
        detail: 'NoEmail',
        feedbackId: 'f-1',
        suppressedAt: '2025-11-20T10:00:00.000Z',
      });

      const again = await store.suppressAddress({
        email: 'ada@example.com',
        reason: 'complaint',
        suppressedAt: '2025-11-21T10:00:00.000Z',
      });
      expect(again).toEqual(first);

      await store.markSuppressionReported('ADA@example.com', '2025-11-20T10:00:05.000Z');
      expect(await store.getSuppression('ada@example.com')).toEqual({ ...first, reportedAt: '2025-11-20T10:00:05.000Z' });
      expect(await store.getSuppression('bob@example.com')).toBeUndefined();
    });
  });

  describe('interviews', () => {
    it('refuses to create the same interview twice', async () => {
      const interview = anInterview('u-create-twice');
      await store.putInterview(interview, undefined);
      await expect(store.putInterview({ ...interview, title: 'Other' }, undefined)).rejects.toBeInstanceOf(ConditionFailedError);
      expect((await store.getInterview(interview.userId, interview.interviewId))?.title).toBe(interview.title);
    });

    it('applies an update only against the version it was read at', async () => {
      const interview = anInterview(`u-${randomUUID()}`);
      await store.putInterview(interview, undefined);
      const moved = { ...interview, version: 2, startUtc: '2025-12-04T14:00:00.000Z', endUtc: '2025-12-04T14:30:00.000Z' };
      await store.putInterview(moved, 1);
      await expect(store.putInterview({ ...interview, version: 2, status: 'cancelled' }, 1)).rejects.toBeInstanceOf(ConditionFailedError);
      expect(await store.getInterview(interview.userId, interview.interviewId)).toEqual(moved);
    });

    it('lists the interviews starting in [from, to), by start, following a reschedule', async () => {
      const userId = `u-${randomUUID()}`;
      const at = (startUtc: string, interviewId: string) => anInterview(userId, { interviewId, startUtc, endUtc: startUtc });
      const early = at('2025-12-01T00:00:00Z', 'early');
      const late = at('2025-12-05T09:30:00.000Z', 'late');
      const middle = at('2025-12-03T14:00:00.000Z', 'middle');
      const atEnd = at('2025-12-08T00:00:00.000Z', 'at-end');
      const before = at('2025-11-30T23:59:59.999Z', 'before');
      for (const interview of [late, early, middle, atEnd, before]) await store.putInterview(interview, undefined);
      await store.putInterview(anInterview('u-someone-else', { startUtc: '2025-12-02T00:00:00.000Z' }), undefined);

      const week = { fromUtc: '2025-12-01T00:00:00.000Z', toUtc: '2025-12-08T00:00:00Z' };
      const ids = async () => (await store.listInterviews(userId, week)).map((i) => i.interviewId);
      expect(await ids()).toEqual(['early', 'middle', 'late']);

      await store.putInterview({ ...middle, version: 2, startUtc: '2025-12-06T10:00:00.000Z' }, 1);
      expect(await ids()).toEqual(['early', 'late', 'middle']);
    });
  });

  describe('what a reminder reads about the past', () => {
    it('knows an earlier conversation with the same person, not a cancelled, later or moved-away one', async () => {
      const userId = `u-${randomUUID()}`;
      const jane = { email: 'jane@acme.example', name: 'Jane Doe' };
      const first = anInterview(userId, { interviewId: 'first', contact: jane, startUtc: '2025-12-01T09:00:00.000Z' });
      const second = anInterview(userId, { interviewId: 'second', contact: jane, startUtc: '2025-12-10T09:00:00.000Z' });
      await store.putInterview(second, undefined);
      await store.putInterview(first, undefined);
      await store.putInterview(anInterview('u-someone-else', { contact: jane, startUtc: '2025-11-01T09:00:00.000Z' }), undefined);
      expect(await store.hasMetBefore(userId, 'JANE@acme.example', second.startUtc)).toBe(true);
      expect(await store.hasMetBefore(userId, jane.email, first.startUtc)).toBe(false);
      expect(await store.hasMetBefore(userId, 'bob@lee.io', second.startUtc)).toBe(false);

      await store.putInterview({ ...first, version: 2, status: 'cancelled' }, 1);
      expect(await store.hasMetBefore(userId, jane.email, second.startUtc)).toBe(false);
      await store.putInterview({ ...first, version: 3, status: 'scheduled', startUtc: '2025-12-20T09:00:00.000Z' }, 2);
      expect(await store.hasMetBefore(userId, jane.email, second.startUtc)).toBe(false);
      expect(await store.hasMetBefore(userId, jane.email, '2025-12-21T00:00:00.000Z')).toBe(true);
    });

    it("finds an interview's newest referral, and none for an interview that brought none", async () => {
      const userId = `u-${randomUUID()}`;
      const referral = (email: string, createdAt: string, fromInterviewId = 'i-1'): Contact => ({
        userId,
        email,
        source: 'referral',
        fromInterviewId,
        createdAt,
      });
      await store.putContact(referral('bob@lee.io', '2025-11-20T10:00:00.000Z'));
      await store.putContact(referral('cara@lee.io', '2025-11-22T10:00:00.000Z'));
      await store.putContact(referral('dan@lee.io', '2025-11-23T10:00:00.000Z', 'i-10'));
      await store.putContact({
        userId,
        email: 'eve@lee.io',
        source: 'interview',
        fromInterviewId: 'i-1',
        createdAt: '2025-11-24T10:00:00.000Z',
      });
      expect((await store.latestReferralFrom(userId, 'i-1'))?.email).toBe('cara@lee.io');
      expect((await store.latestReferralFrom(userId, 'i-10'))?.email).toBe('dan@lee.io');
      expect(await store.latestReferralFrom(userId, 'i-2')).toBeUndefined();
    });
  });

  describe('the history a page at a time (the export)', () => {
    it('hands over every interview by start, every contact and every note, each once, and nothing of anyone else', async () => {
      const userId = `u-${randomUUID()}`;
      for (const [id, start] of [
        ['b', '2025-12-02'],
        ['a', '2025-12-01'],
        ['c', '2025-12-03'],
      ] as const)
        await store.putInterview(anInterview(userId, { interviewId: id, startUtc: `${start}T09:00:00.000Z` }), undefined);
      await store.putInterview(anInterview('u-someone-else'), undefined);
      await store.putContact({ userId, email: 'jane@acme.example', source: 'interview', createdAt: '2025-12-01T10:00:00.000Z' });
      await store.addNote({ userId, interviewId: 'a', createdAt: '2025-12-01T10:00:00.000Z', text: 'first' }, 'm1');
      const all = async <K extends 'interviews' | 'contacts' | 'notes'>(kind: K) => {
        const items = [];
        for await (const page of store.historyPages(userId, kind)) items.push(...page);
        return items;
      };
      expect((await all('interviews')).map((i) => i.interviewId)).toEqual(['a', 'b', 'c']);
      expect((await all('contacts')).map((c) => c.email)).toEqual(['jane@acme.example']);
      expect((await all('notes')).map((n) => n.text)).toEqual(['first']);
    });
  });

  describe('markers for a history from before them (backfill)', () => {
    /** A user with `count` interviews with Jane (one cancelled), a referral from the last, all written before the markers. */
    async function legacyUser(count: number) {
      const user = aUser();
      await store.createUser(user);
      const jane = { email: 'jane@acme.example', name: 'Jane Doe' };
      const at = (n: number) => new Date(Date.parse('2024-01-01T09:00:00.000Z') + n * 86_400_000).toISOString();
      for (let n = 0; n < count; n += 1) {
        const status = n === 0 ? 'cancelled' : 'done';
        await store.putInterview(anInterview(user.userId, { interviewId: `i-${n}`, contact: jane, startUtc: at(n), status }), undefined);
      }
      const bob: Contact = {
        userId: user.userId,
        email: 'bob@lee.io',
        source: 'referral',
        fromInterviewId: `i-${count - 1}`,
        createdAt: at(count),
      };
      await store.putContact(bob);
      expect(await forgetHistoryMarkers(table, user.userId)).toBeGreaterThan(count);
      return { userId: user.userId, at };
    }

    it('answers a reminder right for a user from before the markers, and marks their history as it goes', async () => {
      const { userId, at } = await legacyUser(3);
      expect(await store.hasMetBefore(userId, 'jane@acme.example', at(1))).toBe(false);
      expect(await store.hasMetBefore(userId, 'jane@acme.example', at(2))).toBe(true);
      expect((await store.latestReferralFrom(userId, 'i-2'))?.email).toBe('bob@lee.io');
      expect(await store.backfillHistoryMarkers(userId)).toEqual({ done: true });
    });

    it('marks a long history a bounded step at a time, resuming where it stopped, and answers right before it is done', async () => {
      const last = BACKFILL_ITEMS_PER_CALL + 19;
      const { userId, at } = await legacyUser(last + 1);
      // The first step marks part of the history: this answer comes from the history itself (the cancelled first meeting does not count).
      expect(await store.hasMetBefore(userId, 'jane@acme.example', at(1))).toBe(false);
      // The second step goes on from there, so it finishes (starting again, it would not).
      expect((await store.latestReferralFrom(userId, `i-${last}`))?.email).toBe('bob@lee.io');
      expect(await store.backfillHistoryMarkers(userId)).toEqual({ done: true });
      expect(await store.hasMetBefore(userId, 'jane@acme.example', at(1))).toBe(false);
      expect(await store.hasMetBefore(userId, 'jane@acme.example', at(2))).toBe(true);
      expect(await store.hasMetBefore(userId, 'jane@acme.example', at(last))).toBe(true);
    }, 120_000);
  });

  describe('contacts and notes', () => {
    it('keeps one contact per address and lists them', async () => {
      const userId = `u-${randomUUID()}`;
      const bob: Contact = {
        userId,
        email: 'bob@lee.io',
        name: 'Bob Lee',
        source: 'referral',
        fromInterviewId: 'i-1',
        context: 'knows the data team',
        createdAt: '2025-11-20T10:00:00.000Z',
      };
      const jane: Contact = { userId, email: 'jane@acme.example', source: 'interview', createdAt: '2025-11-20T10:00:00.000Z' };
      await store.putContact(bob);
      await store.putContact(jane);
      await store.putContact({ ...bob, lastTouchUtc: '2025-11-21T10:00:00.000Z' });
      expect(await store.getContact(userId, 'BOB@lee.io')).toEqual({ ...bob, lastTouchUtc: '2025-11-21T10:00:00.000Z' });
      expect((await store.listContacts(userId)).map((c) => c.email)).toEqual(['bob@lee.io', 'jane@acme.example']);
      expect(await store.listContacts('u-nobody')).toEqual([]);
    });

    it("lists an interview's notes oldest first, and only that interview's", async () => {
      const userId = `u-${randomUUID()}`;
      await store.addNote({ userId, interviewId: 'i-2', createdAt: '2025-11-22T10:00:00.000Z', text: 'second' }, 'msg-a');
      await store.addNote({ userId, interviewId: 'i-2', createdAt: '2025-11-21T10:00:00.000Z', text: 'first' }, 'msg-b');
      await store.addNote({ userId, interviewId: 'i-20', createdAt: '2025-11-21T09:00:00.000Z', text: 'other interview' }, 'msg-c');
      expect((await store.listNotes(userId, 'i-2')).map((n) => n.text)).toEqual(['first', 'second']);
      expect((await store.listAllNotes(userId)).map((n) => n.text)).toEqual(['other interview', 'first', 'second']);
    });

    it('keeps one note per message, however often it is added', async () => {
      const userId = `u-${randomUUID()}`;
      await store.addNote({ userId, interviewId: 'i-3', createdAt: '2025-11-22T10:00:00.000Z', text: 'she hires in spring' }, 'msg-1');
      await store.addNote({ userId, interviewId: 'i-3', createdAt: '2025-11-22T10:07:00.000Z', text: 'she hires in spring' }, 'msg-1');
      expect(await store.listNotes(userId, 'i-3')).toEqual([
        { userId, interviewId: 'i-3', createdAt: '2025-11-22T10:00:00.000Z', text: 'she hires in spring' },
      ]);
    });
  });

  describe('the due index, totals and numbered items', () => {
    const priya = (userId: string): Contact => ({
      userId,
      email: 'priya@acme.example',
      name: 'Priya Raman',
      source: 'interview',
      nextTouchUtc: '2025-12-10T08:00:00.000Z',
      createdAt: '2025-11-20T10:00:00.000Z',
    });

    it("lists what is due by a time, oldest first, and moves a contact's entry when its date moves", async () => {
      const userId = `u-${randomUUID()}`;
      await store.putContact(priya(userId));
      await store.putContact({
        userId,
        email: 'bob@lee.io',
        name: 'Bob Lee',
        source: 'referral',
        referralState: 'suggested',
        createdAt: '2025-11-21T10:00:00.000Z',
      });
      await store.putContact({ userId, email: 'quiet@example.com', source: 'interview', createdAt: '2025-11-21T10:00:00.000Z' });
      await store.putDueEntry(userId, { kind: 'thank-you', dueUtc: '2025-11-25T10:00:00.000Z', ref: 'i-1', label: 'Coffee with Jane' });

      const due = await store.listDue(userId, { untilUtc: '2025-12-31T00:00:00.000Z', limit: 10 });
      expect(due.entries.map((e) => [e.kind, e.ref])).toEqual([
        ['referral', 'bob@lee.io'],
        ['thank-you', 'i-1'],
        ['follow-up', 'priya@acme.example'],
      ]);
      expect(due.more).toBe(false);
      expect((await store.listDue(userId, { untilUtc: '2025-12-01T00:00:00.000Z', limit: 1 })).entries.map((e) => e.ref)).toEqual([
        'bob@lee.io',
      ]);

      // Snoozed to March: the December entry is gone, the March one is there.
      await store.putContact({ ...priya(userId), nextTouchUtc: '2026-03-02T08:00:00.000Z' });
      // Intro sent, then met: a referral no longer open leaves the index.
      await store.putContact({
        userId,
        email: 'bob@lee.io',
        source: 'referral',
        referralState: 'met',
        createdAt: '2025-11-21T10:00:00.000Z',
      });
      await store.deleteDueEntry(userId, { kind: 'thank-you', dueUtc: '2025-11-25T10:00:00.000Z', ref: 'i-1' });
      expect((await store.listDue(userId, { untilUtc: '2025-12-31T00:00:00.000Z', limit: 10 })).entries).toEqual([]);
      expect((await store.listDue(userId, { untilUtc: '2026-12-31T00:00:00.000Z', limit: 10 })).entries.map((e) => e.ref)).toEqual([
        'priya@acme.example',
      ]);
      expect(await store.getContact(userId, 'priya@acme.example')).toEqual({ ...priya(userId), nextTouchUtc: '2026-03-02T08:00:00.000Z' });
    });

    it('says there is more past the limit', async () => {
      const userId = `u-${randomUUID()}`;
      for (const n of [1, 2, 3]) await store.putContact({ ...priya(userId), email: `p${n}@acme.example` });
      expect(await store.listDue(userId, { untilUtc: '2025-12-31T00:00:00.000Z', limit: 2 })).toMatchObject({ more: true });
    });

    it('adds to totals, keeps the latest held time, and starts from zero', async () => {
      const userId = `u-${randomUUID()}`;
      expect(await store.getTotals(userId)).toMatchObject({ held: 0, contacts: 0 });
      await store.addToTotals(userId, { held: 1, contacts: 2 }, '2025-11-20T10:00:00.000Z');
      await store.addToTotals(userId, { held: 1 }, '2025-11-10T10:00:00.000Z');
      await store.addToTotals(userId, { contacts: -1 });
      expect(await store.getTotals(userId)).toMatchObject({ held: 2, contacts: 1, lastHeldUtc: '2025-11-20T10:00:00.000Z' });
    });

    it('keeps the numbered items of an email under its id', async () => {
      const userId = `u-${randomUUID()}`;
      const list = {
        userId,
        listId: 'a1b2c3',
        createdAt: '2025-11-20T10:00:00.000Z',
        items: [{ n: 1, kind: 'follow-up' as const, ref: 'priya@acme.example', dueUtc: '2025-12-10T08:00:00.000Z', label: 'Priya' }],
      };
      await store.putActionList(list);
      expect(await store.getActionList(userId, 'a1b2c3')).toEqual(list);
      expect(await store.getActionList(userId, 'ffff')).toBeUndefined();
    });
  });

  describe('send leases', () => {
    it('holds a send while it is pending, and never hands out a recorded send again', async () => {
      const userId = `u-${randomUUID()}`;
      const first = await store.leaseSend(userId, 'prep-brief#i-1#1', 120);
      expect(first).toEqual({ state: 'acquired', token: expect.any(String) });
      expect(await store.leaseSend(userId, 'prep-brief#i-1#1', 120)).toEqual({
        state: 'pending',
        expiresAt: new Date('2025-11-20T10:02:00.000Z'),
      });
      expect((await store.leaseSend(userId, 'prep-brief#i-1#2', 120)).state).toBe('acquired');

      await store.completeSend(userId, 'prep-brief#i-1#1', { messageId: '<abc@email.amazonses.com>' });
      clock.advance(24 * 3600 * 1000);
      expect(await store.leaseSend(userId, 'prep-brief#i-1#1', 120)).toEqual({ state: 'sent', messageId: '<abc@email.amazonses.com>' });
    });

    it('gives a released send to the next attempt, and ignores a release by a holder that lost the lease', async () => {
      const userId = `u-${randomUUID()}`;
      const first = await store.leaseSend(userId, 'thank-you#i-1#1', 120);
      if (first.state !== 'acquired') throw new Error('expected the lease');
      await store.releaseSend(userId, 'thank-you#i-1#1', first.token);
      const second = await store.leaseSend(userId, 'thank-you#i-1#1', 120);
      if (second.state !== 'acquired') throw new Error('expected the lease again');
      await store.releaseSend(userId, 'thank-you#i-1#1', first.token); // stale token: no effect
      expect((await store.leaseSend(userId, 'thank-you#i-1#1', 120)).state).toBe('pending');
    });

    it('lets an attempt take over a pending lease once it expired (its holder died)', async () => {
      const userId = `u-${randomUUID()}`;
      const dead = await store.leaseSend(userId, 'digest#2025-W48', 120);
      clock.advance(119 * 1000);
      expect((await store.leaseSend(userId, 'digest#2025-W48', 120)).state).toBe('pending');
      clock.advance(1000);
      const next = await store.leaseSend(userId, 'digest#2025-W48', 120);
      expect(next.state).toBe('acquired');
      // The dead holder's late release changes nothing; the first ending recorded stays.
      if (dead.state === 'acquired') await store.releaseSend(userId, 'digest#2025-W48', dead.token);
      await store.completeSend(userId, 'digest#2025-W48', { messageId: '<first@x>' });
      await store.completeSend(userId, 'digest#2025-W48', { messageId: '<second@x>' });
      expect(await store.leaseSend(userId, 'digest#2025-W48', 120)).toEqual({ state: 'sent', messageId: '<first@x>' });
    });

    it('remembers a send given up, and never hands it out again', async () => {
      const userId = `u-${randomUUID()}`;
      await store.leaseSend(userId, 'confirmation#i-1#1', 120);
      await store.completeSend(userId, 'confirmation#i-1#1', { gaveUp: 'MessageRejected: address not verified' });
      clock.advance(3600 * 1000);
      expect(await store.leaseSend(userId, 'confirmation#i-1#1', 120)).toEqual({ state: 'given-up' });
    });
  });

  describe('inbound message leases', () => {
    it('drops a processed message until its marker expires', async () => {
      const key = `m-${randomUUID()}`;
      expect((await store.leaseInbound(key, 120)).state).toBe('acquired');
      await store.completeInbound(key, 3600);
      clock.advance(3599 * 1000);
      expect(await store.leaseInbound(key, 120)).toEqual({ state: 'done' });
      // Expired but not yet swept by DynamoDB: it no longer counts.
      clock.advance(2 * 1000);
      expect((await store.leaseInbound(key, 120)).state).toBe('acquired');
    });

    it('holds a message being processed, and hands it out again when its holder died', async () => {
      const key = `m-${randomUUID()}`;
      expect((await store.leaseInbound(key, 120)).state).toBe('acquired');
      clock.advance(60 * 1000);
      expect(await store.leaseInbound(key, 120)).toEqual({ state: 'pending', expiresAt: new Date('2025-11-20T10:02:00.000Z') });
      clock.advance(60 * 1000);
      expect((await store.leaseInbound(key, 120)).state).toBe('acquired');
    });

    it('lets a released message be processed again, and ignores a release by a holder that lost the lease', async () => {
      const key = `m-${randomUUID()}`;
      const first = await store.leaseInbound(key, 120);
      if (first.state !== 'acquired') throw new Error('expected the lease');
      await store.releaseInbound(key, first.token);
      const second = await store.leaseInbound(key, 120);
      expect(second.state).toBe('acquired');
      await store.releaseInbound(key, first.token);
      expect((await store.leaseInbound(key, 120)).state).toBe('pending');
      await store.completeInbound(key, 3600);
      if (second.state === 'acquired') await store.releaseInbound(key, second.token); // done is done
      expect(await store.leaseInbound(key, 120)).toEqual({ state: 'done' });
    });
  });

  describe('deleting a user', () => {
    it("removes the user's profile, interviews, contacts, notes, markers and addresses, and no one else's", async () => {
      const user = aUser();
      const other = aUser();
      for (const u of [user, other]) {
        await store.claimEmail(u.email, u.userId);
        await store.putUser(u);
        await store.putInterview(anInterview(u.userId, { interviewId: 'i-1' }), undefined);
        await store.putContact({ userId: u.userId, email: 'bob@lee.io', source: 'referral', createdAt: u.createdAt });
        await store.addNote({ userId: u.userId, interviewId: 'i-1', createdAt: u.createdAt, text: 'notes' }, 'msg-1');
        await store.leaseSend(u.userId, 'thank-you#i-1#1', 120);
        await store.completeSend(u.userId, 'thank-you#i-1#1', { messageId: '<m@x>' });
      }
      await store.claimEmail('ada.work@example.com', user.userId);

      await store.deleteUserData(user.userId);
      await store.deleteUserData(user.userId); // a retry finds nothing left and succeeds

      expect(await store.getUser(user.userId)).toBeUndefined();
      expect(await store.findUserIdByEmail(user.email)).toBeUndefined();
      expect(await store.findUserIdByEmail('ada.work@example.com')).toBeUndefined();
      expect(await store.getInterview(user.userId, 'i-1')).toBeUndefined();
      expect(await store.listInterviews(user.userId, { fromUtc: '2000-01-01T00:00:00Z', toUtc: '2100-01-01T00:00:00Z' })).toEqual([]);
      expect(await store.listContacts(user.userId)).toEqual([]);
      expect(await store.listNotes(user.userId, 'i-1')).toEqual([]);
      expect((await store.leaseSend(user.userId, 'thank-you#i-1#1', 120)).state).toBe('acquired');
      expect(await store.claimEmail(user.email, 'u-new-owner')).toBe(true);

      expect(await store.getUser(other.userId)).toEqual(other);
      expect(await store.findUserIdByEmail(other.email)).toBe(other.userId);
      expect(await store.listContacts(other.userId)).toHaveLength(1);
      expect(await store.listNotes(other.userId, 'i-1')).toHaveLength(1);
      expect((await store.leaseSend(other.userId, 'thank-you#i-1#1', 120)).state).toBe('sent');
    });
  });
}
