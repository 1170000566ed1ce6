import { allProperties, type CalendarComponent, firstProperty } from './ics-components';
import { unescapeText } from './ics-content-line';
import { readDateTime, readRecurParts, readUtcOffset, wallToMs } from './ics-values';
import { ReadLimitError } from './read-budget';
import type { WallTime } from './time-zones';
import { forEachOccurrenceIn, readYearlyRule, type YearlyRule } from './zone-rules';

/**
 * A calendar's own VTIMEZONE (RFC 5545 §3.6.5), evaluated only over the years an event needs.
 *
 * Outlook writes zones whose rules start in 1601, and a hostile calendar can write a 360-byte
 * zone that changes every minute since 1900: expanding a zone's rules from its DTSTART costs
 * centuries of transitions. Here each observance's RDATEs and yearly RRULE are evaluated only
 * over a window around the event's year, with bounded work, into a short list of changes.
 */

/** Years before the event's year whose transitions are kept: the offset in force at its start needs the latest one before. */
const WINDOW_YEARS_BEFORE = 2;
/** Years after it (an event that ends next year, a DTEND across New Year). */
const WINDOW_YEARS_AFTER = 1;
/** Observances (STANDARD/DAYLIGHT blocks) in one zone; the full history of a real zone has a few dozen. */
const MAX_OBSERVANCES = 200;
/** RDATE values in one zone; a full-history zone lists a few hundred. */
const MAX_ZONE_RDATES = 2000;
/** Rule occurrences evaluated for one zone and year: a real zone changes at most a few times a year. */
export const MAX_RULE_OCCURRENCES = 500;

const FREQUENCY_WORDS: Partial<Record<string, string>> = {
  SECONDLY: 'every second',
  MINUTELY: 'every minute',
  HOURLY: 'every hour',
  DAILY: 'every day',
  WEEKLY: 'every week',
  MONTHLY: 'every month',
};

/** One change of offset: at `utcMs`, from `fromSeconds` to `toSeconds` east of UTC. */
interface ZoneChange {
  utcMs: number;
  fromSeconds: number;
  toSeconds: number;
}

interface Window {
  firstYear: number;
  lastYear: number;
}

interface Budget {
  rdates: number;
  occurrences: number;
}

/** An onset as written: local wall-clock milliseconds, or UTC for an RDATE written with Z. */
interface Onset {
  ms: number;
  utc: boolean;
}

const zonesByYear = new WeakMap<CalendarComponent, Map<number, ZoneChange[] | undefined>>();

/**
 * The offset in minutes a VTIMEZONE gives a wall time, or undefined when the block is unusable
 * (no observances, one without TZOFFSETTO, a rule part not evaluated, no onset at all).
 * Throws ReadLimitError for a zone whose rules ask for more work than any real zone does.
 */
export function vtimezoneOffset(vtimezone: CalendarComponent, wall: WallTime): number | undefined {
  // The zone narrowed to the event's years; one serves every event of that year in the file.
  let years = zonesByYear.get(vtimezone);
  if (!years) zonesByYear.set(vtimezone, (years = new Map()));
  if (!years.has(wall.year)) years.set(wall.year, zoneForYear(vtimezone, wall.year));
  const changes = years.get(wall.year);
  if (!changes || changes.length === 0) return undefined;
  return Math.round(offsetAtWall(changes, wallToMs(wall)) / 60);
}

/** The changes of a zone that matter to wall times in `year`, sorted; undefined when the block is unusable. */
export function zoneForYear(vtimezone: CalendarComponent, year: number): ZoneChange[] | undefined {
  const window = { firstYear: year - WINDOW_YEARS_BEFORE, lastYear: year + WINDOW_YEARS_AFTER };
  const tzid = unescapeText(firstProperty(vtimezone, 'TZID')?.value ?? '');
  const observances = vtimezone.components.filter((c) => c.name === 'STANDARD' || c.name === 'DAYLIGHT');
  if (observances.length > MAX_OBSERVANCES) throw tooMuch(tzid, `has more than ${MAX_OBSERVANCES} rule blocks`);
  if (observances.length === 0) return undefined;

  // An observance without its onset or either offset (RFC 5545 §3.6.5 requires all three) breaks the block.
  const read = observances.map(readObservance);
  if (read.some((observance) => observance === undefined)) return undefined;

  const budget = { rdates: MAX_ZONE_RDATES, occurrences: MAX_RULE_OCCURRENCES };
  const changes: ZoneChange[] = [];
  for (const observance of read as Observance[]) {
    const onsets = onsetsOf(observance, window, budget, tzid);
    if (onsets === 'unusable') return undefined;
    const { fromSeconds, toSeconds } = observance;
    for (const onset of onsets) changes.push({ utcMs: onset.utc ? onset.ms : onset.ms - fromSeconds * 1000, fromSeconds, toSeconds });
  }
  return changes.sort((a, b) => a.utcMs - b.utcMs);
}

interface Observance {
  component: CalendarComponent;
  startMs: number;
  fromSeconds: number;
  toSeconds: number;
}

function readObservance(component: CalendarComponent): Observance | undefined {
  const dtstart = readDateTime(firstProperty(component, 'DTSTART')?.value ?? '');
  const fromSeconds = readUtcOffset(firstProperty(component, 'TZOFFSETFROM')?.value ?? '');
  const toSeconds = readUtcOffset(firstProperty(component, 'TZOFFSETTO')?.value ?? '');
  if (!dtstart || fromSeconds === undefined || toSeconds === undefined) return undefined;
  return { component, startMs: wallToMs(dtstart.wall), fromSeconds, toSeconds };
}

/**
 * Seconds east of UTC at a wall time (RFC 5545 §3.3.5): a wall time that occurs twice (the
 * hour clocks go back) is its first occurrence; one that does not occur (the hour clocks skip)
 * is read in the offset before the gap.
 */
function offsetAtWall(changes: readonly ZoneChange[], wallMs: number): number {
  let best: number | undefined;
  const candidates = new Set<number>([changes[0]?.fromSeconds ?? 0, ...changes.map((c) => c.toSeconds)]);
  for (const offset of candidates) {
    // An offset is a reading of the wall time when it is the one in force at the instant it gives.
    if (offsetAtInstant(changes, wallMs - offset * 1000) === offset && (best === undefined || offset > best)) best = offset;
  }
  if (best !== undefined) return best;
  const gap = changes.find(
    (c) => c.toSeconds > c.fromSeconds && wallMs >= c.utcMs + c.fromSeconds * 1000 && wallMs < c.utcMs + c.toSeconds * 1000,
  );
  return gap ? gap.fromSeconds : offsetAtInstant(changes, wallMs);
}

/** The offset in force at an instant: the last change at or before it; before the first, the offset that one changes from. */
function offsetAtInstant(changes: readonly ZoneChange[], utcMs: number): number {
  let offset = changes[0]?.fromSeconds ?? 0;
  for (const change of changes) {
    if (change.utcMs > utcMs) break;
    offset = change.toSeconds;
  }
  return offset;
}

function tooMuch(tzid: string, what: string): ReadLimitError {
  return new ReadLimitError('zone-rules', `the time zone “${tzid.slice(0, 60)}” in its calendar ${what}, which no real time zone does`);
}

/**
 * The observance's onsets that matter in the window: those inside it, and the latest one before
 * it (the offset in force when the window opens). DTSTART is the first onset (RFC 5545 §3.6.5);
 * RDATEs and the RRULE add the others; an unreadable RDATE or rule makes the block unusable.
 */
function onsetsOf(observance: Observance, window: Window, budget: Budget, tzid: string): Onset[] | 'unusable' {
  const { component, startMs } = observance;
  const kept = new OnsetWindow(window);
  kept.offer({ ms: startMs, utc: false });

  const rdates = allProperties(component, 'RDATE').flatMap((property) => property.value.split(','));
  budget.rdates -= rdates.length;
  if (budget.rdates < 0) throw tooMuch(tzid, `lists more than ${MAX_ZONE_RDATES} change dates`);
  // Every value counts (RFC 5545 §3.8.5.2); a PERIOD value (with "/") is no onset.
  for (const value of rdates) {
    if (value.includes('/')) continue;
    const date = readDateTime(value);
    if (!date) return 'unusable';
    // A date-only RDATE takes DTSTART's time of day.
    kept.offer({ ms: date.allDay ? wallToMs(date.wall) + timeOfDayMs(startMs) : wallToMs(date.wall), utc: date.utc });
  }

  const rrule = firstProperty(component, 'RRULE');
  if (rrule) {
    const rule = yearlyRuleOf(rrule.value, observance.fromSeconds, tzid);
    if (!rule) return 'unusable';
    ruleOnsets(rule, startMs, window, budget, tzid, kept);
  }
  return kept.onsets();
}

const DAY_MS = 86_400_000;

function timeOfDayMs(ms: number): number {
  return ((ms % DAY_MS) + DAY_MS) % DAY_MS;
}

/** The rule read, when it is a yearly rule of parts we evaluate; a rule that repeats more often is refused outright. */
function yearlyRuleOf(value: string, fromSeconds: number, tzid: string): YearlyRule | undefined {
  const parts = readRecurParts(value);
  const frequency = parts?.get('FREQ')?.toUpperCase();
  if (!parts || frequency === undefined) return undefined;
  // Real zones change on a yearly rule (RFC 5545 §3.6.5); a rule that repeats more often is an attack.
  if (frequency !== 'YEARLY') throw tooMuch(tzid, `changes its offset ${FREQUENCY_WORDS[frequency] ?? 'by a rule that is not yearly'}`);
  return readYearlyRule(parts, fromSeconds);
}

/**
 * Occurrences of the rule in the years that matter: from the last year of the rule before the
 * window (or DTSTART's, when COUNT needs every occurrence counted) to the window's end, at most
 * MAX_RULE_OCCURRENCES steps for the whole zone.
 */
function ruleOnsets(rule: YearlyRule, startMs: number, window: Window, budget: Budget, tzid: string, kept: OnsetWindow): void {
  const startYear = new Date(startMs).getUTCFullYear();
  const untilYear = rule.untilMs === undefined ? Number.POSITIVE_INFINITY : new Date(rule.untilMs).getUTCFullYear();
  const lastYear = Math.min(window.lastYear, untilYear);
  // Every INTERVAL-th year from DTSTART's; without COUNT, start at the last such year before the window.
  const before = Math.min(window.firstYear - 1, lastYear);
  const firstYear = rule.count === undefined && before > startYear ? before - ((before - startYear) % rule.interval) : startYear;
  // DTSTART is the first occurrence; COUNT counts it (RFC 5545 §3.3.10).
  let remaining = rule.count === undefined ? Number.POSITIVE_INFINITY : rule.count - 1;
  const years = window.lastYear - window.firstYear + 1;
  for (let year = firstYear; year <= lastYear && remaining > 0; year += rule.interval) {
    const more = forEachOccurrenceIn(rule, startMs, year, (ms) => {
      budget.occurrences -= 1;
      if (budget.occurrences < 0) throw tooMuch(tzid, `changes its offset more than ${MAX_RULE_OCCURRENCES} times in ${years} years`);
      if (ms <= startMs) return true;
      if (rule.untilMs !== undefined && ms > rule.untilMs) return false;
      remaining -= 1;
      return kept.offer({ ms, utc: false }) && remaining > 0;
    });
    if (!more) return;
  }
}

/** Keeps the onsets inside the window and the latest one before it. */
class OnsetWindow {
  private before: Onset | undefined;
  private readonly inside: Onset[] = [];
  private readonly startMs: number;
  private readonly endMs: number;

  constructor(window: Window) {
    this.startMs = Date.UTC(window.firstYear, 0, 1);
    this.endMs = Date.UTC(window.lastYear + 1, 0, 1);
  }

  /** False once the onsets have passed the window (a rule's later ones need not be read). */
  offer(onset: Onset): boolean {
    if (onset.ms >= this.endMs) return false;
    if (onset.ms >= this.startMs) this.inside.push(onset);
    else if (!this.before || onset.ms > this.before.ms) this.before = onset;
    return true;
  }

  onsets(): Onset[] {
    return this.before ? [this.before, ...this.inside] : this.inside;
  }
}
