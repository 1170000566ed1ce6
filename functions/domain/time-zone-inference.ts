import { wallClock } from '../commons/wall-clock';
import { isIanaZone } from './model';

/**
 * Zones to prefer when all we know is a UTC offset: the most widely used zone for each offset,
 * checked at the instant in question so that daylight saving is respected (Europe/London is
 * +01:00 in July, Europe/Berlin +02:00).
 */
const PREFERRED_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Phoenix',
  'America/Chicago',
  'America/New_York',
  'America/Halifax',
  'America/St_Johns',
  'America/Sao_Paulo',
  'America/Argentina/Buenos_Aires',
  'America/Mexico_City',
  'America/Bogota',
  'America/Anchorage',
  'Pacific/Honolulu',
  'Europe/London',
  'Europe/Lisbon',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Helsinki',
  'Europe/Athens',
  'Europe/Istanbul',
  'Europe/Moscow',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'Africa/Cairo',
  'Africa/Nairobi',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Dhaka',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Australia/Perth',
  'Australia/Adelaide',
  'Australia/Brisbane',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
];

function offsetMinutesAt(zone: string, at: Date): number {
  return wallClock(at.getTime(), zone).offsetMinutes;
}

/** A zone whose UTC offset at `at` is `offsetMinutes`. */
export function zoneForOffset(offsetMinutes: number, at: Date): string {
  const preferred = PREFERRED_ZONES.find((zone) => offsetMinutesAt(zone, at) === offsetMinutes);
  if (preferred) return preferred;
  const any = Intl.supportedValuesOf('timeZone').find((zone) => offsetMinutesAt(zone, at) === offsetMinutes);
  if (any) return any;
  // Etc/GMT zones exist for whole hours only, and their sign is inverted by POSIX convention.
  if (offsetMinutes % 60 === 0 && Math.abs(offsetMinutes) <= 12 * 60) {
    const hours = -offsetMinutes / 60;
    return hours === 0 ? 'UTC' : `Etc/GMT${hours > 0 ? '+' : '-'}${Math.abs(hours)}`;
  }
  return 'UTC';
}

/**
 * The user's zone, until they set one: the invitation's zone when it agrees with the UTC offset
 * of the user's own forward (its Date header), otherwise a zone matching that offset; the
 * invitation's zone when the forward has no usable Date; UTC as a last resort.
 */
export function inferUserZone(input: { eventZone?: string; forwardOffsetMinutes?: number; forwardDate?: Date }): string {
  const eventZone = input.eventZone && isIanaZone(input.eventZone) ? input.eventZone : undefined;
  const { forwardOffsetMinutes, forwardDate } = input;
  if (forwardOffsetMinutes === undefined || forwardDate === undefined) return eventZone ?? 'UTC';
  if (eventZone && offsetMinutesAt(eventZone, forwardDate) === forwardOffsetMinutes) return eventZone;
  return zoneForOffset(forwardOffsetMinutes, forwardDate);
}
