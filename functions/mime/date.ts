/** The RFC 5322 §3.3 date-time, in UTC: `Tue, 02 Dec 2025 14:00:00 +0000`. */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * `+0000` rather than `GMT` (what `toUTCString` writes): RFC 5322 §4.3 keeps the zone names only
 * as obsolete syntax that generators must not produce.
 */
export function rfc5322Date(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date for the Date header');
  const day = DAYS[date.getUTCDay()] ?? '';
  const month = MONTHS[date.getUTCMonth()] ?? '';
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()].map(twoDigits).join(':');
  return `${day}, ${twoDigits(date.getUTCDate())} ${month} ${date.getUTCFullYear()} ${time} +0000`;
}
