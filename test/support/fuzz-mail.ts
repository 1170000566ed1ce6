import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findCalendarParts } from '../../functions/inbound/calendar-parts';
import {
  MAX_BOUNDARY_LINES,
  MAX_FORWARD_DEPTH,
  MAX_FORWARDED_MESSAGES,
  MAX_LINES,
  parseMessage,
} from '../../functions/inbound/parse-message';
import { readInboundMail, type ReadResult } from '../../functions/inbound/read-inbound-mail';
import { resolveTzid } from '../../functions/inbound/time-zones';
import { readInvitationTimes } from '../../functions/inbound/text-invitation-times';
import { calendarMessage, multipart } from './hostile-mail';

/**
 * Structural mutations of the corpus's real invitations — forwards nested and fanned out, zone
 * rules made hostile, huge repeats, broken encodings, charset lies, cut-off messages — each with
 * what the sender must get: the same invitation as the original, a "couldn't read" answer naming
 * a limit, or no invitation. Seeded: the same seed makes the same cases.
 */

/** From the checkout's root (the bundled fuzz runner has no __dirname of this file). */
const CORPUS = process.env.RAPPORT_CORPUS ?? path.resolve(process.cwd(), '../shared/corpus');
const CRLF = '\r\n';

/** What the read must come to (inbound-email's read, and the text times process-inbound reads). */
export type Expectation = { kind: 'same' } | { kind: 'unreadable'; because: string } | { kind: 'no-invitation' };

export interface FuzzCase {
  name: string;
  raw: string;
  expect: Expectation;
  /** The original's read, for `same`. */
  baseline: Summary;
}

/** The part of a read the sender's answer depends on. */
export interface Summary {
  read: 'queued' | 'dropped';
  reason?: string;
  detail?: string;
  uid?: string;
  startUtc?: string;
  endUtc?: string;
}

export const ENVELOPE = {
  recipients: ['log@rapport.localhost'],
  authenticated: true,
  deliveryId: 'fuzz',
  receivedAt: new Date('2027-02-22T09:00:00Z'),
};

export function summarize(read: ReadResult): Summary {
  if (!read.ok) return { read: 'dropped', detail: read.why };
  const invitation = readInvitationTimes(read.mail.invitation);
  if (!invitation.ok) return { read: 'queued', reason: invitation.reason, detail: invitation.detail };
  const { uid, startUtc, endUtc } = invitation.invitation;
  return {
    read: 'queued',
    reason: 'invitation',
    ...(uid ? { uid } : {}),
    ...(startUtc ? { startUtc } : {}),
    ...(endUtc ? { endUtc } : {}),
  };
}

/** Whether `got` is what `expect` says the sender should get. */
export function meets(got: Summary, expectation: Expectation, baseline: Summary): boolean {
  switch (expectation.kind) {
    case 'same':
      return (
        got.read === baseline.read &&
        got.reason === baseline.reason &&
        got.uid === baseline.uid &&
        got.startUtc === baseline.startUtc &&
        got.endUtc === baseline.endUtc
      );
    case 'unreadable':
      return got.reason === 'unreadable' && (got.detail ?? '').includes(expectation.because);
    case 'no-invitation':
      return got.read === 'queued' && (got.reason === 'no-invitation' || got.reason === 'no-time');
    default: {
      const never: never = expectation;
      return never;
    }
  }
}

/** mulberry32: a small seeded PRNG. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Source {
  name: string;
  raw: string;
  /** The calendar text it carries, decoded (for zone mutations). */
  calendar?: string;
  baseline: Summary;
}

async function sources(): Promise<Source[]> {
  const out: Source[] = [];
  const add = async (name: string, raw: string) => {
    const calendar = findCalendarParts(await parseMessage(raw))[0]?.text;
    out.push({ name, raw, ...(calendar ? { calendar } : {}), baseline: summarize(await readInboundMail(raw, ENVELOPE)) });
  };
  for (const file of readdirSync(path.join(CORPUS, 'invites'))
    .filter((f) => f.endsWith('.eml'))
    .sort()) {
    await add(file, readFileSync(path.join(CORPUS, 'invites', file), 'latin1'));
  }
  for (const file of readdirSync(path.join(CORPUS, 'ics'))
    .filter((f) => f.endsWith('.ics'))
    .sort()) {
    await add(file, calendarMessage(readFileSync(path.join(CORPUS, 'ics', file), 'utf8'), `Invitation: ${file}`));
  }
  return out;
}

/** A forward wrapping `inner` as an attached message, with extra parts beside it. */
function forward(inner: readonly string[], extraParts: readonly string[] = [], boundary = 'fwd'): string {
  const attached = inner.map((raw) => `Content-Type: message/rfc822${CRLF}${CRLF}${raw}`);
  return multipart(
    [`Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}see below`, ...extraParts, ...attached],
    'Fwd: see below',
    boundary,
  );
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

/**
 * The line limits the whole message crosses first, counted in the reader's order. Mutations keep
 * what the forwarded copies add (each is read again) far below the limits, so the outer message
 * decides.
 */
function overLineLimits(raw: string): string | undefined {
  let lines = 0;
  let boundaries = 0;
  for (let at = raw.indexOf('\n'); at >= 0; at = raw.indexOf('\n', at + 1)) {
    if (++lines > MAX_LINES) return 'lines';
    if (raw.startsWith('--', at + 1) && ++boundaries > MAX_BOUNDARY_LINES) return 'MIME parts';
  }
  return undefined;
}

/** The zone of the primary event is a VTIMEZONE Rapport must evaluate (not an IANA name it can look up). */
function readsOwnZone(source: Source): boolean {
  const tzid = /DTSTART;[^:\r\n]*TZID="?([^":;\r\n]+)/i.exec(source.calendar ?? '')?.[1];
  return tzid !== undefined && resolveTzid(tzid).kind !== 'iana' && (source.calendar ?? '').includes('BEGIN:VTIMEZONE');
}

function inZones(calendar: string, edit: (line: string) => string): string {
  let inZone = false;
  return calendar
    .split(/\r?\n/)
    .map((line) => {
      if (/^BEGIN:VTIMEZONE/i.test(line)) inZone = true;
      if (/^END:VTIMEZONE/i.test(line)) inZone = false;
      return inZone ? edit(line) : line;
    })
    .join(CRLF);
}

type Mutation = (source: Source, next: () => number) => Omit<FuzzCase, 'baseline'> | undefined;

const BROKEN_PARTS = [
  `Content-Type: application/pdf${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}!!!not*base64***${CRLF}QUJD=====${CRLF}`,
  `Content-Type: text/plain; charset=utf-8${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}=ZZ=4=${CRLF}==${CRLF}`,
  `Content-Type: text/plain; charset=utf-16${CRLF}${CRLF}plain ASCII that says it is UTF-16${CRLF}`,
  `Content-Type: text/plain; charset="x-no-such-charset"${CRLF}Content-Transfer-Encoding: 8bit${CRLF}${CRLF}caf\u00e9 \u00ff\u00fe${CRLF}`,
  `Content-Type: text/html; charset=iso-2022-jp${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}GyRCJEgbKEI=${CRLF}`,
];

const PADDING = ['<a href="', ' ', 'When: someday\r\n', '=?utf-8?B?', '<style ', '&#', 'a\r\n', '--x\r\n'];

const MUTATIONS: Record<string, Mutation> = {
  nest: (source, next) => {
    const depth = 1 + Math.floor(next() * (MAX_FORWARD_DEPTH + 2));
    let raw = source.raw;
    for (let level = 0; level < depth; level++) raw = forward([raw], [], `nest${level}`);
    // Deeper than MAX_FORWARD_DEPTH, the original is an attachment Rapport does not open.
    return { name: `nested ${depth} deep`, raw, expect: depth <= MAX_FORWARD_DEPTH ? { kind: 'same' } : { kind: 'no-invitation' } };
  },
  fanOut: (source, next) => {
    const copies = 2 + Math.floor(next() * (MAX_FORWARDED_MESSAGES + 8));
    const raw = forward(Array.from({ length: copies }, () => source.raw));
    return {
      name: `${copies} copies side by side`,
      raw,
      expect: copies <= MAX_FORWARDED_MESSAGES ? { kind: 'same' } : { kind: 'unreadable', because: 'forwarded messages' },
    };
  },
  zoneFrequency: (source, next) => {
    if (!source.calendar || !/BEGIN:VTIMEZONE[\s\S]*RRULE:FREQ=YEARLY/i.test(source.calendar)) return undefined;
    const frequency = pick(next, ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY']);
    const calendar = inZones(source.calendar, (line) => line.replace(/^RRULE:FREQ=YEARLY/i, `RRULE:FREQ=${frequency}`));
    const expect: Expectation = readsOwnZone(source) ? { kind: 'unreadable', because: 'changes its offset every' } : { kind: 'same' };
    return { name: `zone rules ${frequency}`, raw: calendarMessage(calendar, 'Invitation: zone'), expect };
  },
  zoneSince: (source, next) => {
    if (!source.calendar?.includes('BEGIN:VTIMEZONE')) return undefined;
    const year = pick(next, ['1601', '1900', '1970']);
    const calendar = inZones(source.calendar, (line) => line.replace(/^DTSTART:\d{4}/i, `DTSTART:${year}`));
    return { name: `zone rules since ${year}`, raw: calendarMessage(calendar, 'Invitation: zone'), expect: { kind: 'same' } };
  },
  // 1,100 dates in each observance: every zone of the corpus has two, so each goes past MAX_ZONE_RDATES.
  zoneDates: (source) => {
    if (!source.calendar || !/BEGIN:(STANDARD|DAYLIGHT)/i.test(source.calendar)) return undefined;
    const dates = Array.from({ length: 1100 }, (_, i) => `${1800 + Math.floor(i / 10)}0${1 + (i % 9)}01T020000`).join(',');
    const calendar = inZones(source.calendar, (line) => (/^END:(STANDARD|DAYLIGHT)/i.test(line) ? `RDATE:${dates}${CRLF}${line}` : line));
    const expect: Expectation = readsOwnZone(source) ? { kind: 'unreadable', because: 'change dates' } : { kind: 'same' };
    return { name: 'zone with thousands of RDATEs', raw: calendarMessage(calendar, 'Invitation: zone'), expect };
  },
  hugeRepeat: (source, next) => {
    const unit = pick(next, PADDING);
    const bytes = Math.floor((100 + next() * 300) * 1024);
    const raw = `${source.raw}${CRLF}${unit.repeat(Math.ceil(bytes / unit.length))}`;
    return { name: `${Math.round(bytes / 1024)} KB of ${JSON.stringify(unit)} appended`, raw, expect: { kind: 'same' } };
  },
  brokenEncodings: (source, next) => {
    const extra = BROKEN_PARTS.filter(() => next() < 0.6);
    return { name: `forwarded beside ${extra.length} broken or lying parts`, raw: forward([source.raw], extra), expect: { kind: 'same' } };
  },
  cutEnd: (source) => {
    const closing = source.raw.lastIndexOf('\n--');
    if (closing < 0 || !/^--[^\r\n]*--\s*$/.test(source.raw.slice(closing + 1).split(/\r?\n/)[0] ?? '')) return undefined;
    // Cut at the closing boundary: postal-mime still ends the last part.
    return { name: 'cut at its closing boundary', raw: source.raw.slice(0, closing + 1), expect: { kind: 'same' } };
  },
};

/** `count` cases from `seed`, over every corpus invitation and calendar. */
export async function fuzzCases(seed: number, count: number): Promise<FuzzCase[]> {
  const next = random(seed);
  const all = await sources();
  const names = Object.keys(MUTATIONS);
  const cases: FuzzCase[] = [];
  for (let attempt = 0; cases.length < count && attempt < count * 4; attempt++) {
    const source = all[attempt % all.length] as Source;
    const mutation = pick(next, names);
    const made = (MUTATIONS[mutation] as Mutation)(source, next);
    if (!made) continue;
    const limit = overLineLimits(made.raw);
    const expect: Expectation = limit ? { kind: 'unreadable', because: limit } : made.expect;
    cases.push({ ...made, name: `${source.name}: ${made.name}`, expect, baseline: source.baseline });
  }
  return cases;
}
