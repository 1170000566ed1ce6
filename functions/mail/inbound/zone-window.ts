import ICAL, { type IcalComponent } from './ical';
import { ReadLimitError } from './read-budget';

/**
 * A calendar's own VTIMEZONE, narrowed to the years an event needs before ical.js sees it.
 *
 * ical.js expands a zone's rules from their DTSTART up to five years past today, on every
 * lookup of a new zone: Outlook's zones start in 1601, so every invitation paid for 430 years of
 * transitions, and a 360-byte zone recurring every minute since 1900 ran it out of memory. Here
 * each observance's RRULE and RDATEs are evaluated only over a window around the event's year,
 * with bounded work, and handed to ical.js as a plain list of onsets (RDATEs, no RRULE).
 */

/** Years before the event's year whose transitions are kept: the offset in force at its start needs the latest one before. */
const WINDOW_YEARS_BEFORE = 2;
/** Years after it (an event that ends next year, a DTEND across New Year). */
const WINDOW_YEARS_AFTER = 1;
/** Observances (STANDARD/DAYLIGHT blocks) in one zone; the full history of a real zone has a few dozen. */
export const MAX_OBSERVANCES = 200;
/** RDATE values in one zone; a full-history zone lists a few hundred. */
export const MAX_ZONE_RDATES = 2000;
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

type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalRecur = InstanceType<typeof ICAL.Recur>;

interface Window {
  firstYear: number;
  lastYear: number;
}

/** The zone as ical.js should see it for wall times in `year`; throws ReadLimitError for a zone no real calendar writes. */
export function zoneForYear(vtimezone: IcalComponent, year: number): InstanceType<typeof ICAL.Timezone> {
  const window = { firstYear: year - WINDOW_YEARS_BEFORE, lastYear: year + WINDOW_YEARS_AFTER };
  const tzid = String(vtimezone.getFirstPropertyValue('tzid') ?? '');
  const observances = [...vtimezone.getAllSubcomponents('standard'), ...vtimezone.getAllSubcomponents('daylight')];
  if (observances.length > MAX_OBSERVANCES) throw tooMuch(tzid, `has more than ${MAX_OBSERVANCES} rule blocks`);

  const narrowed = new ICAL.Component('vtimezone');
  narrowed.addPropertyWithValue('tzid', tzid);
  const budget = { rdates: MAX_ZONE_RDATES, occurrences: MAX_RULE_OCCURRENCES };
  for (const observance of observances) {
    const onsets = onsetsOf(observance, window, budget, tzid);
    if (onsets) narrowed.addSubcomponent(withOnsets(observance, onsets));
  }
  return new ICAL.Timezone({ component: narrowed, tzid });
}

function tooMuch(tzid: string, what: string): ReadLimitError {
  return new ReadLimitError('zone-rules', `the time zone “${tzid.slice(0, 60)}” in its calendar ${what}, which no real time zone does`);
}

/**
 * The observance's onsets that matter in the window: those inside it, and the latest one before
 * it (the offset in force when the window opens). Undefined when the observance is unusable.
 */
function onsetsOf(observance: IcalComponent, window: Window, budget: { rdates: number; occurrences: number }, tzid: string): IcalTime[] | undefined {
  const dtstart = observance.getFirstPropertyValue('dtstart') as IcalTime | null;
  if (!dtstart || typeof dtstart !== 'object' || !('year' in dtstart)) return undefined;
  const rule = observance.getFirstPropertyValue('rrule') as IcalRecur | null;
  const rdates = observance.getAllProperties('rdate').flatMap((p) => p.getValues() as unknown[]);
  // ical.js: without RRULE or RDATE, DTSTART is the one onset; with them, the onsets are theirs.
  if (!rule && rdates.length === 0) return [dtstart];

  const kept = new OnsetWindow(window);
  budget.rdates -= rdates.length;
  if (budget.rdates < 0) throw tooMuch(tzid, `lists more than ${MAX_ZONE_RDATES} change dates`);
  // Every value counts (RFC 5545 §3.8.5.2), though ical.js itself reads only the first of each property.
  for (const value of rdates) {
    if (value instanceof ICAL.Time) kept.offer(value.isDate ? atTimeOf(value, dtstart) : value);
  }
  if (rule) ruleOnsets(rule, dtstart, observance, window, budget, tzid, kept);
  return kept.onsets();
}

/** Evaluates the RRULE from a DTSTART moved (by whole periods) close to the window, at most `budget.occurrences` steps. */
function ruleOnsets(
  rule: IcalRecur,
  dtstart: IcalTime,
  observance: IcalComponent,
  window: Window,
  budget: { occurrences: number },
  tzid: string,
  kept: OnsetWindow,
): void {
  // Real zones change on a yearly rule (RFC 5545 §3.6.5); a rule that repeats more often is an attack.
  if (rule.freq !== 'YEARLY') throw tooMuch(tzid, `changes its offset ${FREQUENCY_WORDS[rule.freq] ?? 'by a rule that is not yearly'}`);
  const bounded = rule.clone();
  const interval = Math.max(1, bounded.interval || 1);
  const start = dtstart.clone();
  if (!bounded.count && start.year < window.firstYear - interval) {
    // Moving DTSTART by whole intervals keeps every later occurrence of a YEARLY rule where it was.
    start.year += Math.floor((window.firstYear - start.year) / interval) * interval - interval;
  }
  const windowEnd = new ICAL.Time({ year: window.lastYear, month: 12, day: 31, hour: 23, minute: 59, second: 59, isDate: false }, ICAL.Timezone.localTimezone);
  const until = bounded.until ? localUntil(bounded.until, observance) : undefined;
  bounded.until = until && until.compare(windowEnd) < 0 ? until : windowEnd;

  const iterator = bounded.iterator(start);
  for (let occurrence = iterator.next(); occurrence; occurrence = iterator.next()) {
    budget.occurrences -= 1;
    if (budget.occurrences < 0) throw tooMuch(tzid, `changes its offset more than ${MAX_RULE_OCCURRENCES} times in ${window.lastYear - window.firstYear + 1} years`);
    if (!kept.offer(occurrence)) break;
  }
}

/** ical.js reads a UTC UNTIL in the observance's TZOFFSETFROM; so do we, so both agree. */
function localUntil(until: IcalTime, observance: IcalComponent): IcalTime {
  const local = until.clone();
  if (until.zone === ICAL.Timezone.utcTimezone) {
    const from = observance.getFirstPropertyValue('tzoffsetfrom') as { toSeconds?: () => number } | null;
    local.adjust(0, 0, 0, from?.toSeconds?.() ?? 0);
    local.zone = ICAL.Timezone.localTimezone;
  }
  return local;
}

/** A date-only RDATE takes the time of day of DTSTART (as ical.js reads it). */
function atTimeOf(date: IcalTime, dtstart: IcalTime): IcalTime {
  return new ICAL.Time({ year: date.year, month: date.month, day: date.day, hour: dtstart.hour, minute: dtstart.minute, second: dtstart.second, isDate: false }, ICAL.Timezone.localTimezone);
}

/** The copy of an observance ical.js expands: its offsets and names, and the onsets as RDATEs. */
function withOnsets(observance: IcalComponent, onsets: IcalTime[]): IcalComponent {
  const copy = new ICAL.Component(observance.name);
  for (const name of ['tzoffsetfrom', 'tzoffsetto', 'tzname']) {
    const property = observance.getFirstProperty(name);
    if (property) copy.addProperty(ICAL.Property.fromString(property.toICALString()));
  }
  const first = onsets[0];
  if (!first) return copy;
  copy.addPropertyWithValue('dtstart', first.clone());
  // One RDATE property per onset: ical.js reads only the first value of each.
  for (const onset of onsets) copy.addPropertyWithValue('rdate', onset.clone());
  return copy;
}

/** Keeps the onsets inside the window and the latest one before it. */
class OnsetWindow {
  private before: IcalTime | undefined;
  private readonly inside: IcalTime[] = [];

  constructor(private readonly window: Window) {}

  /** False once the onsets have passed the window (a rule's later ones need not be read). */
  offer(onset: IcalTime): boolean {
    if (onset.year > this.window.lastYear) return false;
    if (onset.year >= this.window.firstYear) this.inside.push(onset.clone());
    else if (!this.before || onset.compare(this.before) > 0) this.before = onset.clone();
    return true;
  }

  onsets(): IcalTime[] {
    const all = this.before ? [this.before, ...this.inside] : [...this.inside];
    return all.sort((a, b) => a.compare(b));
  }
}
