import { toCsv } from './csv';
import { localDateTime } from './local-time';
import { notesByInterview, outcomeOf, referralsByInterview, type ExportRecords } from './records';

/**
 * `interviews.csv`: one row per interview, times in the user's zone with the zone named in its own
 * column; its outcome in words, its notes (dated, before or after the meeting) and the referrals it brought.
 */
const HEADER = [
  'start',
  'end',
  'time_zone',
  'start_utc',
  'title',
  'status',
  'outcome',
  'contact_name',
  'contact_email',
  'company',
  'role',
  'location',
  'video_link',
  'thank_you_sent',
  'notes',
  'referrals',
  'calendar_uid',
] as const;

export function interviewsCsv(records: ExportRecords): string {
  const { zone } = records;
  const notes = notesByInterview(records);
  const referrals = referralsByInterview(records.contacts);
  const rows = records.interviews.map((i) => [
    localDateTime(i.startUtc, zone, i.allDay),
    localDateTime(i.endUtc, zone, i.allDay),
    zone,
    i.startUtc,
    i.title,
    i.status,
    outcomeOf(i, records.nowUtc),
    i.contact?.name,
    i.contact?.email,
    i.company,
    i.role,
    i.location,
    i.videoUrl,
    i.thankYouSentAt ? localDateTime(i.thankYouSentAt, zone, false) : undefined,
    notes.get(i.interviewId)?.join('\n'),
    referrals.get(i.interviewId)?.join('\n'),
    i.calendarUid,
  ]);
  return toCsv(HEADER, rows);
}
