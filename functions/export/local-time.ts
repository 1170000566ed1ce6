import { formatIsoDate, parseInstant, wallClock, WallClockError } from '../commons/wall-clock';

const two = (value: number): string => String(value).padStart(2, '0');

/**
 * `2027-03-02 15:00` in the zone (a spreadsheet reads it as a date and time), or the date alone
 * for all-day. Read straight from Intl (commons/wall-clock): an export writes three of these per
 * interview and per contact, and a general date library cost ~30 µs each. A time that cannot be
 * read (stored times are validated, so never in practice) is written as stored rather than
 * failing the whole export.
 */
export function localDateTime(utc: string, zone: string, allDay: boolean): string {
  try {
    const clock = wallClock(parseInstant(utc), allDay ? 'UTC' : zone);
    const date = formatIsoDate(clock);
    return allDay ? date : `${date} ${two(clock.hour)}:${two(clock.minute)}`;
  } catch (error) {
    if (error instanceof WallClockError) return utc;
    throw error;
  }
}
