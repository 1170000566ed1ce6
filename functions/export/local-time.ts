import { DateTime } from 'luxon';

/** `2027-03-02 15:00` in the zone (a spreadsheet reads it as a date and time), or the date alone for all-day. */
export function localDateTime(utc: string, zone: string, allDay: boolean): string {
  const local = DateTime.fromISO(utc, { zone: 'utc' }).setZone(allDay ? 'utc' : zone);
  return local.toFormat(allDay ? 'yyyy-LL-dd' : 'yyyy-LL-dd HH:mm');
}
