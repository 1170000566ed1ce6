import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InboundMail } from '../../../functions/mail/inbound/inbound-mail';
import { extractInvitationFromCalendar } from '../../../functions/mail/inbound/extract-invitation';
import { readInboundMail } from '../../../functions/mail/inbound/read-inbound-mail';

/**
 * Mangled real mail never crashes the reader: every input ends as a valid InboundMail or a
 * reason to ignore it. Mutations are seeded, so a failure reproduces.
 */
const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');
const files = ['invites', 'replies'].flatMap((dir) => readdirSync(path.join(CORPUS, dir)).filter((f) => f.endsWith('.eml')).map((f) => path.join(CORPUS, dir, f)));

/** mulberry32: a small seeded PRNG. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = ['\r\n', '\n\n', '=', '=?utf-8?B?', ':', ';', '"', '\\', 'BEGIN:VEVENT\r\n', 'END:VCALENDAR', 'TZID=', '--', 'boundary=', '\u0000', '\u00ff', '<script>', 'DTSTART:99999999T999999Z'];

function mutate(bytes: Buffer, next: () => number): Buffer {
  const text = bytes.toString('latin1');
  const out: string[] = [];
  let at = 0;
  const edits = 1 + Math.floor(next() * 8);
  const cuts = Array.from({ length: edits }, () => Math.floor(next() * text.length)).sort((a, b) => a - b);
  for (const cut of cuts) {
    out.push(text.slice(at, cut));
    const choice = next();
    if (choice < 0.4) out.push(NASTY[Math.floor(next() * NASTY.length)]!);
    else if (choice < 0.7) at = Math.min(text.length, cut + Math.floor(next() * 200)); // delete a run
    else out.push(text.slice(cut, cut + Math.floor(next() * 300))); // duplicate a run
    at = Math.max(at, cut);
  }
  out.push(text.slice(at));
  return Buffer.from(out.join(''), 'latin1');
}

describe('reading mangled mail', () => {
  it.each(files.map((f) => [path.basename(f), f]))('%s: 40 mutations, no crash, always a valid record or a reason', async (_name, file) => {
    const original = readFileSync(file);
    const next = random(original.length);
    for (let i = 0; i < 40; i++) {
      const result = await readInboundMail(mutate(original, next), { recipients: ['log@rapport.test'], authenticated: true, deliveryId: `fuzz-${i}`, receivedAt: new Date('2025-01-01T00:00:00Z') });
      if (result.ok) expect(InboundMail.safeParse(result.mail).success).toBe(true);
      else expect(result.why).toEqual(expect.any(String));
    }
  });
});

describe('calendars the fuzzer broke once', () => {
  const event = (uid: string) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTART:20270302T140000Z', 'DTEND:20270302T143000Z', 'SUMMARY:Chat', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');

  it('reads the first of two top-level calendars', () => {
    expect(extractInvitationFromCalendar(`${event('first')}\r\n${event('second')}`)).toMatchObject({ ok: true, invitation: { uid: 'first', startUtc: '2027-03-02T14:00:00Z' } });
  });

  it('survives a calendar cut off in the middle of an event', () => {
    const cut = event('cut').slice(0, event('cut').indexOf('SUMMARY'));
    expect(() => extractInvitationFromCalendar(cut)).not.toThrow();
  });
});
