import { readZoneName } from '../domain/zone-names';

/**
 * Zones and dates as people write them in a sentence, for inbound/text-invitation-times.ts.
 *
 * A zone written after a clock time ("10:00am PDT", "10:00 AM CST", "2pm Eastern", "16:00 UTC")
 * names a region, not an offset: people write "PDT" in January and "CST" in June and mean the
 * clock on the wall in that region, so the time is read in the region's IANA zone on that day
 * (docs/invitations.md). Two abbreviations name regions far apart; the sender's own UTC offset
 * (their Date header) picks between them, else the common reading is kept.
 */

export interface WrittenZone {
  zone: string;
  /** The zone's words as written ("PDT"). */
  written: string;
  /** Why this zone, when the words name two ("CST" from a sender at UTC+8). */
  bySender?: boolean;
  /** Where the zone's words are in the text, so chrono does not read them as a fixed offset. */
  index: number;
  length: number;
}

/**
 * A zone word right after a clock time, the clock's am/pm and an opening parenthesis allowed in
 * between. Abbreviations are upper case only ("est" is French for "is"); region names either way.
 */
const ZONE_AFTER_CLOCK =
  /(?<=\d(?:\s?[AaPp]\.?[Mm]\.?)?\s{0,3}\(?)(?:[A-Z]{2,5}|[Ee]astern|[Cc]entral|[Mm]ountain|[Pp]acific|[Aa]tlantic)(?:\s+(?:[Dd]aylight|[Ss]tandard|[Ss]ummer))?(?:\s+[Tt]ime)?\b/g;

/** Abbreviations that name two regions: the other region, and the sender offsets (minutes east of UTC) that point to it. */
const OTHER_READINGS: Record<string, { zone: string; senderOffsets: readonly number[] }> = {
  cst: { zone: 'Asia/Shanghai', senderOffsets: [480] },
  ist: { zone: 'Europe/Dublin', senderOffsets: [0, 60] },
};

export function zoneAfterClock(value: string, senderOffsetMinutes: number | undefined): WrittenZone | undefined {
  for (const match of value.matchAll(ZONE_AFTER_CLOCK)) {
    const words = match[0];
    // "UTC+2", "GMT-05:00": a fixed offset, which chrono reads itself.
    if (/^(?:UTC|GMT)$/.test(words) && /^\s*[+\-−]\s*\d/.test(value.slice(match.index + words.length))) continue;
    const key = words.toLowerCase().split(/\s+/)[0]!;
    const other = OTHER_READINGS[key];
    const bySender = other !== undefined && senderOffsetMinutes !== undefined && other.senderOffsets.includes(senderOffsetMinutes);
    const zone = bySender ? other.zone : regionOf(key);
    if (zone) return { zone, written: words, index: match.index, length: words.length, ...(bySender ? { bySender } : {}) };
  }
  return undefined;
}

function regionOf(key: string): string | undefined {
  // In an event's time "GMT" is the offset 0, not London's clock (which reads BST in summer).
  if (key === 'gmt') return 'UTC';
  return readZoneName(key)?.zone ?? readZoneName(`${key} time`)?.zone;
}

/** The fixed offset an abbreviation stands for, minutes east of UTC: what "PDT" says, whatever the season. */
const LITERAL_OFFSETS: Record<string, number> = {
  pst: -480,
  pdt: -420,
  mst: -420,
  mdt: -360,
  cst: -360,
  cdt: -300,
  est: -300,
  edt: -240,
  cet: 60,
  cest: 120,
  bst: 60,
  wet: 0,
  west: 60,
  eet: 120,
  eest: 180,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

/**
 * What to tell the user about a zone read from words, given the zone's real offset at the time:
 * an abbreviation of the other season ("PDT" in January), or one of two regions picked by the
 * sender's offset. Undefined when the words say just what was read.
 */
export function writtenZoneNote(written: WrittenZone, offsetMinutes: number): string | undefined {
  const key = written.written.toLowerCase().split(/\s+/)[0]!;
  if (written.bySender) return `“${written.written}” read as ${written.zone}, the zone of the sender’s own clock.`;
  const literal = LITERAL_OFFSETS[key];
  if (literal === undefined || literal === offsetMinutes) return undefined;
  return `“${written.written}” read as the clock in ${written.zone} that day (UTC${formatOffset(offsetMinutes)}), not as UTC${formatOffset(literal)}.`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "Pacific Time (US and Canada)", "Eastern Time" named anywhere in the value, not only after the clock. */
export function regionNamedIn(value: string): string | undefined {
  const region = /\b(eastern|central|mountain|pacific|atlantic) time\b/i.exec(value);
  return region ? readZoneName(`${region[1]!.toLowerCase()} time`)?.zone : undefined;
}

const WEEKDAYS: ReadonlyArray<RegExp> = [
  /\b(?:sun(?:day)?|sonntag|dimanche|domingo|domenica|zondag)\b/i,
  /\b(?:mon(?:day)?|montag|lundi|lunes|segunda|lunedì|lunedi|maandag)\b/i,
  /\b(?:tue(?:s|sday)?|dienstag|mardi|martes|terça|terca|martedì|martedi|dinsdag)\b/i,
  /\b(?:wed(?:nesday)?|mittwoch|mercredi|miércoles|miercoles|quarta|mercoledì|mercoledi|woensdag)\b/i,
  /\b(?:thu(?:r|rs|rsday)?|donnerstag|jeudi|jueves|quinta|giovedì|giovedi|donderdag)\b/i,
  /\b(?:fri(?:day)?|freitag|vendredi|viernes|sexta|venerdì|venerdi|vrijdag)\b/i,
  /\b(?:sat(?:urday)?|samstag|samedi|sábado|sabado|sabato|zaterdag)\b/i,
];

const NUMERIC_DATE = /(?<![\d/.:])(\d{1,2})([/.])(\d{1,2})(?:\2(\d{2,4}))?(?![\d:])/;

/**
 * The text with a numeric date that reads two ways ("3/4/27") written out each way that is a real
 * date, month-first reading first: [as written month/day, as day/month].
 */
export function numericDateReadings(text: string, [first, second]: [number, number], reference: Date): { text: string; weekday: number }[] {
  const numeric = NUMERIC_DATE.exec(text);
  if (!numeric) return [];
  const written = numeric[4];
  const year = written ? (written.length === 2 ? 2000 + Number(written) : Number(written)) : reference.getUTCFullYear();
  return [
    { month: first, day: second },
    { month: second, day: first },
  ].flatMap(({ month, day }) => {
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() !== month - 1) return [];
    const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return [{ text: text.slice(0, numeric.index) + iso + text.slice(numeric.index + numeric[0].length), weekday: date.getUTCDay() }];
  });
}

/**
 * A numeric date that reads two ways ("12/09/20"), settled by the weekday the text names
 * ("Wednesday, 12/09/20" is 9 December 2020, not 12 September): the text with the date written
 * unambiguously, or undefined when no weekday, or both or neither reading, fits.
 */
export function numericDateByWeekday(text: string, pair: [number, number], reference: Date): string | undefined {
  const weekday = WEEKDAYS.findIndex((pattern) => pattern.test(text));
  if (weekday < 0) return undefined;
  const fitting = numericDateReadings(text, pair, reference).filter((reading) => reading.weekday === weekday);
  return fitting.length === 1 ? fitting[0]!.text : undefined;
}
/**
 * The text names a weekday that the date it also names is not ("Wednesday, 4/13/21" was a
 * Tuesday): one of the two is wrong, and which cannot be known, so the user is asked.
 */
export function weekdayContradicts(text: string, date: { year: number; month: number; day: number }): boolean {
  const named = WEEKDAYS.map((pattern, weekday) => (pattern.test(text) ? weekday : -1)).filter((weekday) => weekday >= 0);
  if (named.length !== 1) return false;
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() !== named[0];
}
