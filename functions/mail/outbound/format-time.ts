import { DateTime } from 'luxon';

/**
 * How Rapport writes times: always computed from a UTC instant, shown in one IANA zone, with the
 * zone named twice — a short abbreviation people recognise ("CET", "EDT") and the zone id, which
 * is unambiguous ("IST" is three different zones).
 */

/** Locales whose short zone names cover most zones with a familiar abbreviation, tried in order. */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-ZA', 'en-SG'] as const;

function at(utcIso: string, zone: string): DateTime {
  const dt = DateTime.fromISO(utcIso, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
  if (!dt.isValid) throw new RangeError(`cannot show ${utcIso} in ${zone}: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return dt;
}

/**
 * Abbreviations already looked up, by zone, UTC offset and DST flag (the name depends on nothing
 * else). Each lookup builds fresh Intl.DateTimeFormat objects inside luxon, about 0.3 ms a locale,
 * which made this the most expensive part of rendering an email. Bounded: zones come from the
 * user's settings and invitations, so the map is cleared rather than allowed to grow.
 */
const MAX_CACHED_ABBREVIATIONS = 1_000;
const abbreviations = new Map<string, string>();

/** "CET", "EDT", "AEDT", or an offset ("GMT+9") where no locale has a name for the zone. */
export function zoneAbbreviation(utcIso: string, zone: string): string {
  const dt = at(utcIso, zone);
  const key = `${zone}|${dt.offset}|${dt.isInDST}`;
  const known = abbreviations.get(key);
  if (known !== undefined) return known;
  if (abbreviations.size >= MAX_CACHED_ABBREVIATIONS) abbreviations.clear();
  const name = lookUpAbbreviation(dt);
  abbreviations.set(key, name);
  return name;
}

function lookUpAbbreviation(dt: DateTime): string {
  let fallback = '';
  for (const locale of ABBREVIATION_LOCALES) {
    const name = dt.setLocale(locale).toFormat('ZZZZ');
    if (!fallback) fallback = name;
    if (!/^GMT[+-]/.test(name)) return name;
  }
  return fallback;
}

/** "Tue 3 Dec 2024" */
export function formatDate(utcIso: string, zone: string): string {
  return at(utcIso, zone).toFormat('ccc d LLL yyyy');
}

/** "15:00" */
export function formatClock(utcIso: string, zone: string): string {
  return at(utcIso, zone).toFormat('HH:mm');
}

/** "Tue 3 Dec 2024, 15:00 CET (Europe/Berlin)" */
export function formatDateTime(utcIso: string, zone: string): string {
  return `${formatDate(utcIso, zone)}, ${formatClock(utcIso, zone)} ${zoneAbbreviation(utcIso, zone)} (${zone})`;
}

/** "Tue 3 Dec 15:00 CET" — short enough for a subject line. */
export function formatShort(utcIso: string, zone: string): string {
  return `${at(utcIso, zone).toFormat('ccc d LLL HH:mm')} ${zoneAbbreviation(utcIso, zone)}`;
}

/** "Wed 4 Dec, 15:30 CET" — for deadlines and delivery times, where the year is obvious. */
export function formatDayTime(utcIso: string, zone: string): string {
  return `${at(utcIso, zone).toFormat('ccc d LLL, HH:mm')} ${zoneAbbreviation(utcIso, zone)}`;
}

/**
 * "Tue 3 Dec 2024, 15:00–15:30 CET (Europe/Berlin)"; when the end falls on another local day
 * both ends carry their date. The abbreviation is the start's (a meeting spanning a DST change
 * names the zone id anyway).
 */
export function formatRange(startUtc: string, endUtc: string, zone: string): string {
  const start = at(startUtc, zone);
  const end = at(endUtc, zone);
  const abbreviation = zoneAbbreviation(startUtc, zone);
  if (start.hasSame(end, 'day')) {
    return `${start.toFormat('ccc d LLL yyyy, HH:mm')}–${end.toFormat('HH:mm')} ${abbreviation} (${zone})`;
  }
  return `${start.toFormat('ccc d LLL yyyy, HH:mm')} – ${end.toFormat('ccc d LLL, HH:mm')} ${abbreviation} (${zone})`;
}

/** "15:00–15:30 EST (America/New_York)" with the date only when it differs from the user's day. */
export function formatRangeElsewhere(startUtc: string, endUtc: string, zone: string, userZone: string): string {
  const start = at(startUtc, zone);
  const end = at(endUtc, zone);
  const sameDate = start.toISODate() === at(startUtc, userZone).toISODate();
  const day = sameDate ? '' : `${start.toFormat('ccc d LLL')}, `;
  return `${day}${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')} ${zoneAbbreviation(startUtc, zone)} (${zone})`;
}

/** "Tue 3 Dec 2024 (all day)" for all-day events, whose start is a date rather than an instant. */
export function formatAllDay(startUtc: string, zone: string): string {
  return `${formatDate(startUtc, zone)} (all day)`;
}

/** "30 minutes", "1 hour", "1 hour 15 minutes". */
export function formatDuration(startUtc: string, endUtc: string): string {
  const minutes = Math.round(DateTime.fromISO(endUtc).diff(DateTime.fromISO(startUtc), 'minutes').minutes);
  if (!Number.isFinite(minutes) || minutes <= 0) return '';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = hours === 0 ? '' : hours === 1 ? '1 hour' : `${hours} hours`;
  const m = rest === 0 ? '' : rest === 1 ? '1 minute' : `${rest} minutes`;
  return [h, m].filter(Boolean).join(' ');
}

export function durationMinutes(startUtc: string, endUtc: string): number {
  return Math.round(DateTime.fromISO(endUtc).diff(DateTime.fromISO(startUtc), 'minutes').minutes);
}

/** Whole hours from `fromUtc` to `toUtc`, rounded down; negative when `toUtc` has passed. */
export function hoursBetween(fromUtc: string, toUtc: string): number {
  return Math.floor(DateTime.fromISO(toUtc).diff(DateTime.fromISO(fromUtc), 'hours').hours);
}

/** The UTC instant `hours` after `utcIso`, as ISO. */
export function plusHours(utcIso: string, hours: number): string {
  return DateTime.fromISO(utcIso, { zone: 'utc' }).plus({ hours }).toUTC().toISO({ suppressMilliseconds: true }) ?? utcIso;
}

/**
 * "today", "tomorrow", "on Thursday" or "on Thu 12 Dec" — how far `eventUtc` is from `nowUtc`
 * in the user's calendar, for sentences like "Your chat is tomorrow at 15:00".
 */
export function relativeDay(eventUtc: string, nowUtc: string, zone: string): string {
  const event = at(eventUtc, zone).startOf('day');
  const now = at(nowUtc, zone).startOf('day');
  const days = Math.round(event.diff(now, 'days').days);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  if (days > 1 && days < 7) return `on ${event.toFormat('cccc')}`;
  return `on ${event.toFormat('ccc d LLL')}`;
}
