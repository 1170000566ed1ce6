import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ical from 'node-ical';
import PostalMime from 'postal-mime';
import { extractInvitationFromCalendar } from '../functions/inbound/extract-invitation';
import { readInboundMail } from '../functions/inbound/read-inbound-mail';
import { readInvitationTimes } from '../functions/inbound/text-invitation-times';
import { performance } from 'node:perf_hooks';
import { median, p95 } from './stats';

/**
 * Reading an invitation, Rapport against two plain peers on the same files in the same process,
 * per kind (emails apart from bare .ics files): postal-mime to split the MIME, then node-ical or
 * ical.js to parse the calendar part (or the .ics) and resolve its times in their zones. The peers
 * do less (no reply text, no forward detection, no validation, no Windows zone names), which is
 * what makes them a bar. See docs/benchmarks.md.
 */
export interface ParseFigures {
  rapportMedianMs: number;
  rapportP95Ms: number;
  /** postal-mime + node-ical over every file, as before the split by kind. */
  baselineMedianMs: number;
  files: number;
  eml: KindFigures;
  ics: KindFigures;
  perFile: FileFigures[];
  /** The 1-minute load average when the parse runs started and ended: the machine is shared. */
  loadAverage: { start: number; end: number };
  /** Files ical.js refuses to parse (its time there is the time to the refusal). */
  icalJsUnreadable: string[];
}

/** Medians of each read's wall-clock time, pooled over the files of a kind. */
export interface KindFigures extends Comparison {
  files: number;
  /**
   * The same medians of the CPU time the process spent in each read. On a machine shared by more
   * runnable processes than cores, a read longer than the scheduler's slice is often preempted and
   * its wall-clock time counts the wait; its CPU time does not (docs/benchmarks.md).
   */
  cpu: Comparison;
}

interface Comparison {
  rapportMs: number;
  postalNodeIcalMs: number;
  postalIcalJsMs: number;
  /** Files where Rapport's median is above postal-mime + node-ical's. */
  slowerOn: number;
  /** Files where Rapport's median is above the faster peer's on that file. */
  slowerThanFasterPeerOn: number;
}

export interface FileFigures {
  file: string;
  rapportMs: number;
  postalNodeIcalMs: number;
  postalIcalJsMs: number;
  cpu: { rapportMs: number; postalNodeIcalMs: number; postalIcalJsMs: number };
}

const READERS = ['rapport', 'postalNodeIcal', 'postalIcalJs'] as const;
type ReaderName = (typeof READERS)[number];
type Reader = (file: string, bytes: Buffer) => Promise<unknown>;
/** Per reader, each read's wall-clock milliseconds and the process's CPU milliseconds during it. */
type Samples = Record<ReaderName, { wall: number[]; cpu: number[] }>;

/** Rounds over every file and reader before any is timed, so JIT and code caches are warm for all files alike. */
const WARM_UP_ROUNDS = 3;
const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics']);

export function corpusInvitations(corpus: string): string[] {
  const inDir = (dir: string, pattern: RegExp) =>
    readdirSync(path.join(corpus, dir))
      .filter((f) => pattern.test(f))
      .sort()
      .map((f) => path.join(corpus, dir, f));
  return [...inDir('invites', /\.eml$/i), ...inDir('ics', /\.ics$/i)];
}

/**
 * What Rapport does with the file in production: inbound-email's read of the raw message, then,
 * for an invitation forwarded as text, the labelled times process-inbound reads before logging it.
 */
async function readWithRapport(file: string, bytes: Buffer): Promise<unknown> {
  if (file.endsWith('.ics')) return extractInvitationFromCalendar(bytes.toString('utf8'));
  const read = await readInboundMail(bytes, {
    recipients: ['log@rapport.localhost'],
    authenticated: true,
    deliveryId: 'bench',
    receivedAt: new Date('2026-01-01T00:00:00Z'),
  });
  return read.ok ? readInvitationTimes(read.mail.invitation) : read;
}

/** The calendar text of a file: the .ics itself, or the first calendar part postal-mime finds in an email. */
async function calendarText(file: string, bytes: Buffer): Promise<string | undefined> {
  if (file.endsWith('.ics')) return bytes.toString('utf8');
  const email = await PostalMime.parse(bytes);
  const part = email.attachments.find((a) => CALENDAR_TYPES.has(a.mimeType.toLowerCase()));
  if (!part) return undefined;
  return typeof part.content === 'string' ? part.content : new TextDecoder().decode(part.content);
}

/** node-ical parses every component and gives each VEVENT's DTSTART and DTEND as Dates in their zones. */
async function readWithNodeIcal(file: string, bytes: Buffer): Promise<unknown> {
  const text = await calendarText(file, bytes);
  return text === undefined ? undefined : ical.sync.parseICS(text);
}

type IcalJs = typeof import('ical.js', { with: { 'resolution-mode': 'import' } }).default;

/**
 * ical.js, given the file's VTIMEZONEs (it knows no zone database of its own), reads every VEVENT:
 * its start and end as instants, and the fields Rapport keeps (ical.js decodes a value only when
 * asked, so the peer asks for what Rapport reads, as node-ical reads everything). Its zone
 * registry is global, so it is emptied after each file. It is strict: a file it refuses is timed
 * up to the refusal and named in `unreadable`.
 */
function icalJsReader(ICAL: IcalJs, unreadable: Set<string>): Reader {
  return async (file, bytes) => {
    const text = await calendarText(file, bytes);
    if (text === undefined) return undefined;
    try {
      const calendar = new ICAL.Component(ICAL.parse(text));
      for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
      return calendar.getAllSubcomponents('vevent').map((vevent) => {
        const event = new ICAL.Event(vevent);
        const attendees = event.attendees.map((attendee) => [
          attendee.getFirstValue(),
          attendee.getParameter('cn'),
          attendee.getParameter('cutype'),
        ]);
        const organizer = vevent.getFirstProperty('organizer');
        return {
          start: event.startDate?.toJSDate(),
          end: event.endDate?.toJSDate(),
          fields: [event.uid, event.sequence, event.summary, event.location, event.description, vevent.getFirstPropertyValue('status')],
          organizer: [organizer?.getFirstValue(), organizer?.getParameter('cn')],
          attendees,
        };
      });
    } catch (error) {
      unreadable.add(file);
      return error;
    } finally {
      ICAL.TimezoneService.reset();
    }
  };
}

/**
 * Every order the readers can run in. Turning one order round (A B C, B C A, C A B) would keep
 * each reader behind the same one for good: B always after A, A always after C. Then A always
 * follows the reader that leaves the caches coldest and the most garbage (ical.js spends 8 ms on
 * an Outlook email) and B always follows A's read of the same bytes. Taken in turn, the six
 * orders put each reader first, and right after each other reader, equally often.
 */
const ORDERS: readonly (readonly ReaderName[])[] = READERS.flatMap((first) =>
  READERS.filter((name) => name !== first).flatMap((second) => [
    [first, second, ...READERS.filter((name) => name !== first && name !== second)],
  ]),
);

/**
 * Each round times every file with every reader, in an order that changes from file to file and
 * round to round (ORDERS), so each sees the same moments of a shared machine and none always runs
 * right after another has warmed, or chilled, the caches.
 */
async function interleaved(
  files: { file: string; bytes: Buffer }[],
  readers: Record<ReaderName, Reader>,
  runs: number,
): Promise<Samples[]> {
  const samples = files.map(() => Object.fromEntries(READERS.map((name) => [name, { wall: [], cpu: [] }])) as unknown as Samples);
  for (let round = 0; round < WARM_UP_ROUNDS + runs; round++) {
    for (const [index, { file, bytes }] of files.entries()) {
      for (let turn = 0; turn < READERS.length; turn++) {
        const name = ORDERS[(round + index) % ORDERS.length]![turn]!;
        const cpuBefore = process.cpuUsage();
        const start = performance.now();
        await readers[name](file, bytes);
        const wall = performance.now() - start;
        const cpu = process.cpuUsage(cpuBefore);
        if (round < WARM_UP_ROUNDS) continue;
        samples[index]![name].wall.push(wall);
        samples[index]![name].cpu.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  return samples;
}

function kindFigures(rows: Samples[]): KindFigures {
  const pooled = (name: ReaderName, clock: 'wall' | 'cpu') => median(rows.flatMap((row) => row[name][clock]));
  const slower = (clock: 'wall' | 'cpu') => {
    const medians = rows.map((row) => READERS.map((name) => median(row[name][clock])) as [number, number, number]);
    return {
      slowerOn: medians.filter(([ours, nodeIcal]) => ours > nodeIcal).length,
      slowerThanFasterPeerOn: medians.filter(([ours, nodeIcal, icalJs]) => ours > Math.min(nodeIcal, icalJs)).length,
    };
  };
  return {
    files: rows.length,
    rapportMs: pooled('rapport', 'wall'),
    postalNodeIcalMs: pooled('postalNodeIcal', 'wall'),
    postalIcalJsMs: pooled('postalIcalJs', 'wall'),
    ...slower('wall'),
    cpu: {
      rapportMs: pooled('rapport', 'cpu'),
      postalNodeIcalMs: pooled('postalNodeIcal', 'cpu'),
      postalIcalJsMs: pooled('postalIcalJs', 'cpu'),
      ...slower('cpu'),
    },
  };
}

export async function benchParse(corpus: string, runsPerFile: number): Promise<ParseFigures> {
  // The ES module build: the CommonJS one `require` would load is transpiled to ES5, a slower peer.
  const { default: ICAL } = await import('ical.js');
  const icalJsUnreadable = new Set<string>();
  const readers: Record<ReaderName, Reader> = {
    rapport: readWithRapport,
    postalNodeIcal: readWithNodeIcal,
    postalIcalJs: icalJsReader(ICAL, icalJsUnreadable),
  };
  const files = corpusInvitations(corpus).map((file) => ({ file, bytes: readFileSync(file) }));
  const loadAtStart = os.loadavg()[0]!;
  const samples = await interleaved(files, readers, runsPerFile);
  const loadAtEnd = os.loadavg()[0]!;

  const ofKind = (kind: 'eml' | 'ics') => samples.filter((_, index) => files[index]!.file.endsWith(`.${kind}`));
  const all = (name: ReaderName) => samples.flatMap((s) => s[name].wall);
  return {
    rapportMedianMs: median(all('rapport')),
    rapportP95Ms: p95(all('rapport')),
    baselineMedianMs: median(all('postalNodeIcal')),
    files: files.length,
    eml: kindFigures(ofKind('eml')),
    ics: kindFigures(ofKind('ics')),
    perFile: samples.map((s, index) => ({
      file: path.relative(corpus, files[index]!.file),
      rapportMs: median(s.rapport.wall),
      postalNodeIcalMs: median(s.postalNodeIcal.wall),
      postalIcalJsMs: median(s.postalIcalJs.wall),
      cpu: { rapportMs: median(s.rapport.cpu), postalNodeIcalMs: median(s.postalNodeIcal.cpu), postalIcalJsMs: median(s.postalIcalJs.cpu) },
    })),
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    icalJsUnreadable: [...icalJsUnreadable].map((file) => path.relative(corpus, file)),
  };
}
