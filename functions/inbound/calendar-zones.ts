import { type CalendarComponent, firstProperty, subcomponents } from './ics-components';
import { unescapeText } from './ics-content-line';
import { wallToMs } from './ics-values';
import { formatUtcMs, resolveTzid, type WallTime, wallTimeToUtc, type ZoneResolution, zoneObservesDst, zoneOffsetAt } from './time-zones';
import { vtimezoneOffset } from './zone-window';

/** A DATE-TIME as a calendar wrote it (RFC 5545 §3.3.5): floating, UTC, or with the TZID it names. */
export interface ZonedWallTime {
  wall: WallTime;
  /** Written with a trailing Z. */
  utc: boolean;
  tzid?: string;
}

/**
 * The VTIMEZONE blocks of a calendar, and how a TZID becomes an instant: an IANA name uses
 * the zone database; a VTIMEZONE is the sender's own rules and wins otherwise — unless the TZID
 * is a Windows/display name and its VTIMEZONE is broken or clearly odd (a fixed offset where
 * the zone it names observes DST), when the IANA zone's rules are the better reading.
 */
export class CalendarZones {
  private readonly blocks = new Map<string, CalendarComponent>();
  /** Each TZID of the file resolved once: an event names the same zone for its start, end and recurrence. */
  private readonly resolutions = new Map<string, ZoneResolution>();

  constructor(root: CalendarComponent) {
    for (const vtimezone of subcomponents(root, 'VTIMEZONE')) {
      const tzid = firstProperty(vtimezone, 'TZID')?.value;
      if (tzid) this.blocks.set(normalizeTzid(unescapeText(tzid)), vtimezone);
    }
  }

  /** The IANA zone a TZID stands for, read for a time in `year`. */
  ianaFor(tzid: string, year: number): string | undefined {
    return this.resolve(tzid, year).iana;
  }

  /** The instant as 'YYYY-MM-DDTHH:mm:ssZ'; undefined for a floating time or a zone nothing resolves. */
  toUtc(time: ZonedWallTime): string | undefined {
    if (time.utc) return formatUtcMs(wallToMs(time.wall));
    if (!time.tzid) return undefined;

    const resolution = this.resolve(time.tzid, time.wall.year);
    if (resolution.kind === 'iana' && resolution.iana) return wallTimeToUtc(time.wall, resolution.iana);

    const block = this.blocks.get(normalizeTzid(time.tzid));
    const blockOffset = block ? vtimezoneOffset(block, time.wall) : undefined;
    if (block && blockOffset !== undefined) {
      const odd =
        resolution.iana !== undefined &&
        !hasRecurringRules(block) &&
        zoneObservesDst(resolution.iana, time.wall.year) &&
        zoneOffsetAt(time.wall, resolution.iana) !== blockOffset;
      if (!odd) return formatUtcMs(wallToMs(time.wall) - blockOffset * 60_000);
    }
    return resolution.iana ? wallTimeToUtc(time.wall, resolution.iana) : undefined;
  }

  private resolve(tzid: string, year: number): ZoneResolution {
    const key = `${year} ${tzid}`;
    let resolution = this.resolutions.get(key);
    if (!resolution) this.resolutions.set(key, (resolution = resolveTzid(tzid, year)));
    return resolution;
  }
}

/** TZIDs are compared as text, ignoring quotes, case and iCalendar escapes. */
function normalizeTzid(tzid: string): string {
  return tzid.replace(/\\(.)/g, '$1').replace(/^"|"$/g, '').trim().toLowerCase();
}

/** Whether the block names more than one offset and says when they change (it is a real DST zone, not a fixed offset). */
function hasRecurringRules(vtimezone: CalendarComponent): boolean {
  const observances = vtimezone.components.filter((c) => c.name === 'STANDARD' || c.name === 'DAYLIGHT');
  const offsets = new Set(observances.map((o) => firstProperty(o, 'TZOFFSETTO')?.value));
  return offsets.size > 1 && observances.some((o) => firstProperty(o, 'RRULE') !== undefined || firstProperty(o, 'RDATE') !== undefined);
}
