import type { Interview } from '../domain/model';
import { toCsv } from './csv';
import { localDateTime } from './local-time';

/** `interviews.csv`: one row per interview, times in the user's zone with the zone named in its own column. */
const HEADER = [
  'start',
  'end',
  'time_zone',
  'start_utc',
  'title',
  'status',
  'contact_name',
  'contact_email',
  'company',
  'role',
  'location',
  'video_link',
  'thank_you_sent',
  'calendar_uid',
] as const;

export function interviewsCsv(interviews: readonly Interview[], zone: string): string {
  const rows = interviews.map((i) => [
    localDateTime(i.startUtc, zone, i.allDay),
    localDateTime(i.endUtc, zone, i.allDay),
    zone,
    i.startUtc,
    i.title,
    i.status,
    i.contact?.name,
    i.contact?.email,
    i.company,
    i.role,
    i.location,
    i.videoUrl,
    i.thankYouSentAt ? localDateTime(i.thankYouSentAt, zone, false) : undefined,
    i.calendarUid,
  ]);
  return toCsv(HEADER, rows);
}
