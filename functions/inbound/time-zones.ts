import { formatIsoDate, wallClock, WallClockError, type WallTime, zonedWallTimeToEpochMs } from '../commons/wall-clock';
import { isIanaZone } from '../domain/model';
import { wallToMs } from './ics-values';
import { WINDOWS_ZONES } from './windows-zones.generated';

/**
 * Turns the TZID a calendar wrote into an IANA zone. Outlook and Exchange write Windows zone
 * names ("FLE Standard Time"), sometimes cut short ("FLE"), and OWA exports write the display
 * name a user picked ("(UTC+07:00) Bangkok, Hanoi, Jakarta"), often with no VTIMEZONE beside
 * them; other producers prefix an IANA name with their own path ("/mozilla.org/…/Europe/Berlin").
 */

/** How the TZID was recognised; `windows` and `display` names are Microsoft's, not zone rules. */
export type ZoneNameKind = 'iana' | 'windows' | 'display' | 'unknown';

export interface ZoneResolution {
  kind: ZoneNameKind;
  /** The IANA zone whose rules the TZID stands for, when one could be found. */
  iana?: string;
}

/** A TZID longer than this is not a zone name; don't spend work on it. */
const MAX_TZID_LENGTH = 200;

/**
 * Display names that name a region rather than a city, so the city lookup below cannot find
 * them. Windows shows these for the North American zones.
 */
const REGION_DISPLAY_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\beastern time\b/i, 'America/New_York'],
  [/\bcentral time\b/i, 'America/Chicago'],
  [/\bmountain time\b/i, 'America/Denver'],
  [/\bpacific time\b/i, 'America/Los_Angeles'],
  [/\batlantic time\b/i, 'America/Halifax'],
  [/\balaska\b/i, 'America/Anchorage'],
  [/\bhawaii\b/i, 'Pacific/Honolulu'],
  [/\barizona\b/i, 'America/Phoenix'],
  [/\bcoordinated universal time\b/i, 'UTC'],
];

/** City (lower case, spaces for underscores) → IANA zone, from the zone database this runtime has. */
let cityZones: Map<string, string> | undefined;
function zoneForCity(city: string): string | undefined {
  if (!cityZones) {
    cityZones = new Map();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const last = zone.split('/').pop();
      if (last) cityZones.set(last.replace(/_/g, ' ').toLowerCase(), zone);
    }
  }
  return cityZones.get(city.trim().toLowerCase());
}

/** "(UTC+07:00) Bangkok, Hanoi, Jakarta" / "(GMT-05:00) Eastern Time (US & Canada)" */
const DISPLAY_NAME = /^\(\s*(?:UTC|GMT)\s*(?:([+-])(\d{1,2}):?(\d{2}))?\s*\)\s*(.+)$/i;

/**
 * The year a display name's stated offset is checked in when the caller has no time to read it
 * against (the zone database is read, never the clock: "now" belongs to the Clock port).
 */
const DISPLAY_NAME_REFERENCE_YEAR = 2026;

/**
 * Resolves a TZID, exactly as written in the file, to an IANA zone. A display name's stated
 * offset is checked against the zone's offsets in `year`, the year of the time being read.
 */
export function resolveTzid(tzid: string, year = DISPLAY_NAME_REFERENCE_YEAR): ZoneResolution {
  const name = tzid.trim().replace(/^"|"$/g, '');
  if (!name || name.length > MAX_TZID_LENGTH) return { kind: 'unknown' };

  if (isIanaName(name)) return { kind: 'iana', iana: name };

  const windows = WINDOWS_ZONES.get(name.toLowerCase()) ?? WINDOWS_ZONES.get(`${name.toLowerCase()} standard time`);
  if (windows) return { kind: 'windows', iana: windows };

  const display = DISPLAY_NAME.exec(name);
  if (display) {
    const [, sign, hours, minutes, label = ''] = display;
    const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) : 0;
    const iana = zoneFromDisplayLabel(label, offsetMinutes, year);
    return iana ? { kind: 'display', iana } : { kind: 'display' };
  }

  // Vendor-prefixed IANA names: take the longest tail that is a zone ("/citadel.org/…/Europe/Paris").
  const parts = name.split('/').filter(Boolean);
  for (let start = 1; start < parts.length - 1; start++) {
    const tail = parts.slice(start).join('/');
    if (tail.includes('/') && isIanaName(tail)) return { kind: 'iana', iana: tail };
  }
  return { kind: 'unknown' };
}

function isIanaName(name: string): boolean {
  // Only area/location names and UTC: Intl also accepts "EST" or "+03:00", which are not zones a
  // calendar means by a TZID.
  return (/^[A-Za-z]+\/[A-Za-z0-9_+\-/]+$/.test(name) || /^(UTC|Etc\/UTC|GMT)$/i.test(name)) && isIanaZone(name);
}

/**
 * A display label lists cities; the first city that is an IANA location and whose standard
 * offset matches the one the label states wins, so "Sydney" never lands on a wrong hemisphere.
 */
function zoneFromDisplayLabel(label: string, offsetMinutes: number, year: number): string | undefined {
  const cities = label.replace(/\([^)]*\)/g, ',');
  return zoneNamedIn(label, cities, (zone) => standardOffsetMatches(zone, offsetMinutes, year));
}

/**
 * A zone named in prose, as invitation texts do: "(Eastern Time - New York)", "Central European
 * Time - Berlin". A region name or a city that is an IANA location; no offset to check against.
 */
export function zoneFromProse(label: string): string | undefined {
  return zoneNamedIn(label, label, () => true);
}

/** The first region named in `regionText`, else the first city listed in `cityText`, whose zone `fits`. */
function zoneNamedIn(regionText: string, cityText: string, fits: (zone: string) => boolean): string | undefined {
  for (const [pattern, zone] of REGION_DISPLAY_NAMES) {
    if (pattern.test(regionText) && fits(zone)) return zone;
  }
  for (const city of cityText.split(/\s*[,;/]\s*|\s+-\s+/)) {
    const zone = city ? zoneForCity(city) : undefined;
    if (zone && fits(zone)) return zone;
  }
  return undefined;
}

function standardOffsetMatches(zone: string, offsetMinutes: number, year: number): boolean {
  const offsets = winterAndSummerOffsets(zone, year);
  return offsets !== undefined && offsets.includes(offsetMinutes);
}

/** A zone's offsets in mid-January and mid-July of a year: its standard and (when it has one) its daylight offset. */
function winterAndSummerOffsets(zone: string, year: number): [number, number] | undefined {
  const january = ianaOffsetAt(zone, Date.UTC(year, 0, 15));
  const july = ianaOffsetAt(zone, Date.UTC(year, 6, 15));
  return january === undefined || july === undefined ? undefined : [january, july];
}

export type { WallTime } from '../commons/wall-clock';

/** The instant a wall time in an IANA zone stands for, as 'YYYY-MM-DDTHH:mm:ssZ'. */
export function wallTimeToUtc(wall: WallTime, zone: string): string | undefined {
  const epochMs = epochMsInZone(wall, zone);
  return epochMs === undefined ? undefined : formatUtcMs(epochMs);
}

/**
 * The offset (minutes east of UTC) of an IANA zone at a wall time, read as RFC 5545 §3.3.5 reads
 * a zoned DATE-TIME: a wall time that occurs twice (clocks go back) is its first occurrence, one
 * that does not occur (clocks skip ahead) is read in the offset before the gap. Undefined for an
 * unknown zone or an impossible wall time (30 February).
 */
export function zoneOffsetAt(wall: WallTime, zone: string): number | undefined {
  const epochMs = epochMsInZone(wall, zone);
  return epochMs === undefined ? undefined : (wallToMs(wall) - epochMs) / MINUTE_MS;
}

/** zonedWallTimeToEpochMs, undefined for an unknown zone or an impossible wall time. */
function epochMsInZone(wall: WallTime, zone: string): number | undefined {
  try {
    return zonedWallTimeToEpochMs(wall, zone);
  } catch (error) {
    if (error instanceof WallClockError) return undefined;
    throw error;
  }
}

/** Whether an IANA zone changes its offset during the given year (it observes DST). */
export function zoneObservesDst(zone: string, year: number): boolean {
  const key = `${zone} ${year}`;
  let observes = dstByZoneYear.get(key);
  if (observes === undefined) {
    const offsets = winterAndSummerOffsets(zone, year);
    observes = offsets !== undefined && offsets[0] !== offsets[1];
    if (dstByZoneYear.size >= MAX_CACHED_ZONES) dstByZoneYear.clear();
    dstByZoneYear.set(key, observes);
  }
  return observes;
}

const MINUTE_MS = 60_000;
/** Zone-years whose DST answer is kept: the runtime has about 600 zones. */
const MAX_CACHED_ZONES = 2000;
const dstByZoneYear = new Map<string, boolean>();
/**
 * Minutes east of UTC of an IANA zone at an instant, from the runtime's zone database through the
 * same cached formatter that shows times in emails (commons/wall-clock); undefined for a zone the
 * runtime does not know or an instant it cannot place.
 */
export function ianaOffsetAt(zone: string, utcMs: number): number | undefined {
  try {
    return wallClock(utcMs, zone).offsetMinutes;
  } catch (error) {
    if (error instanceof WallClockError) return undefined;
    throw error;
  }
}

/** An instant in milliseconds as 'YYYY-MM-DDTHH:mm:ssZ'. */
export function formatUtcMs(utcMs: number): string {
  return `${new Date(utcMs).toISOString().slice(0, 19)}Z`;
}

export function formatWallTime(wall: WallTime): string {
  return `${formatIsoDate(wall)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
