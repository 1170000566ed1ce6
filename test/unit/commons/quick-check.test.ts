import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { confirmsValid, quickSafeParse } from '../../../functions/commons/quick-check';
import { z } from '../../../functions/commons/zod';
import { InboundMail } from '../../../functions/inbound/inbound-mail';
import { readInboundMail } from '../../../functions/inbound/read-inbound-mail';

/**
 * The record check confirms only what zod would accept and return unchanged; everything else is
 * zod's to answer, so the answer (and its error) is always zod's.
 */

const Person = z.object({
  email: z.string().max(20),
  name: z.string().min(1).max(10).optional(),
  kind: z.enum(['individual', 'room']).optional(),
  age: z.number().int().min(0).max(150).optional(),
  tags: z.array(z.string().max(5)).max(2).optional(),
  active: z.boolean(),
});
const Result = z.union([
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), person: Person }), z.object({ ok: z.literal(false), why: z.string() })]),
  z.object({ found: z.literal('later'), at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not an instant') }),
]);

const confirmed = confirmsValid(Result);
const validate = quickSafeParse(Result);

describe('the quick record check', () => {
  const valid = { ok: true, person: { email: 'sam@example.com', name: 'Sam', kind: 'room', age: 40, tags: ['a', 'bb'], active: true } };

  it('confirms a value zod accepts unchanged, and returns that value itself', () => {
    expect(confirmed(valid)).toBe(true);
    const result = validate(valid);
    expect(result).toEqual({ success: true, data: valid });
    expect(result.success && result.data).toBe(valid);
    expect(Result.safeParse(valid)).toEqual({ success: true, data: valid });
  });

  const person = valid.person;
  it.each([
    ['a string over its maximum', { ...person, email: 'x'.repeat(21) }, 'email'],
    ['a string under its minimum', { ...person, name: '' }, 'name'],
    ['a value outside the enum', { ...person, kind: 'group' }, 'kind'],
    ['a fraction where an integer is due', { ...person, age: 1.5 }, 'age'],
    ['a number over its maximum', { ...person, age: 151 }, 'age'],
    ['NaN', { ...person, age: Number.NaN }, 'age'],
    ['an array over its length', { ...person, tags: ['a', 'b', 'c'] }, 'tags'],
    ['a string in the array over its maximum', { ...person, tags: ['abcdef'] }, 'tags.0'],
    ['a missing required field', { email: 'sam@example.com' }, 'active'],
  ])('leaves %s to zod, which refuses it at that field', (_what, value, where) => {
    expect(confirmsValid(Person)(value)).toBe(false);
    const result = quickSafeParse(Person)(value);
    expect(result.success).toBe(false);
    expect(!result.success && result.error.issues[0]?.path.join('.')).toBe(where);
    // In a union, the answer is zod's too.
    const wrapped = { ok: true, person: value };
    expect(confirmed(wrapped)).toBe(false);
    expect(validate(wrapped)).toEqual(Result.safeParse(wrapped));
    expect(validate(wrapped).success).toBe(false);
  });

  it('leaves a discriminator no option has to zod', () => {
    expect(confirmed({ ok: 'maybe', why: 'x' })).toBe(false);
    expect(validate({ ok: 'maybe', why: 'x' }).success).toBe(false);
  });

  it('leaves a key zod strips to zod, which returns the value without it', () => {
    const extra = { ...valid, person: { ...valid.person, note: 'kept out' } };
    expect(confirmed(extra)).toBe(false);
    expect(validate(extra)).toEqual({ success: true, data: valid });
  });

  it('leaves a refinement to zod, in both answers', () => {
    expect(confirmed({ found: 'later', at: '2024-07-01T07:00:00Z' })).toBe(false);
    expect(validate({ found: 'later', at: '2024-07-01T07:00:00Z' }).success).toBe(true);
    expect(validate({ found: 'later', at: 'next week' }).success).toBe(false);
  });

  it('leaves to zod what is not a plain object', () => {
    expect(confirmed(new Date())).toBe(false);
    expect(validate(new Date()).success).toBe(false);
    expect(confirmed(null)).toBe(false);
  });
});

describe('the inbound record', () => {
  const check = confirmsValid(InboundMail);
  const fixtures = path.join(__dirname, '../../fixtures/prose-invitations');
  const emails = readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.eml'))
    .map((file) => path.join(fixtures, file));

  it('is confirmed for an invitation read from a calendar, and equal to what zod returns', async () => {
    const raw = [
      'From: Sam <sam@example.com>',
      'To: log@rapport.test',
      'Subject: Coffee chat',
      'Content-Type: text/calendar; method=REQUEST; charset=utf-8',
      '',
      'BEGIN:VCALENDAR',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:coffee-1',
      'SUMMARY:Coffee chat',
      'DTSTART;TZID=Europe/Berlin:20240702T150000',
      'DTEND;TZID=Europe/Berlin:20240702T153000',
      'ORGANIZER;CN=Sam:mailto:sam@example.com',
      'ATTENDEE;CN=Ana;CUTYPE=INDIVIDUAL:mailto:ana@example.com',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const read = await readInboundMail(raw, {
      recipients: ['log@rapport.test'],
      authenticated: true,
      deliveryId: 'd',
      receivedAt: new Date(),
    });
    if (!read.ok) throw new Error(read.why);
    expect(read.mail.invitation).toMatchObject({ ok: true, invitation: { title: 'Coffee chat', startUtc: '2024-07-02T13:00:00Z' } });
    expect(check(read.mail)).toBe(true);
    expect(InboundMail.parse(read.mail)).toEqual(read.mail);
  });

  it('is, from every prose fixture, what zod returns for it', async () => {
    expect(emails.length).toBeGreaterThan(10);
    for (const file of emails) {
      const read = await readInboundMail(readFileSync(file), {
        recipients: ['log@rapport.test'],
        authenticated: true,
        deliveryId: 'd',
        receivedAt: new Date('2024-07-01T07:00:00Z'),
      });
      if (!read.ok) continue;
      expect(InboundMail.parse(read.mail)).toEqual(read.mail);
    }
  });
});
