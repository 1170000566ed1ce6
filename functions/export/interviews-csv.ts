import type { Interview } from '../domain/model';
import { csvHeader, csvRow } from './csv';
import { localDateTime } from './local-time';
import { outcomeOf, type ExportContext } from './records';

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

export const interviewsCsvHeader = (): string => csvHeader(HEADER);

/** One interview's row, with its notes (oldest first) and the referrals it brought. */
export function interviewRow(
  i: Interview,
  text: { notes: readonly string[]; referrals: readonly string[] },
  context: ExportContext,
): string {
  const { zone } = context;
  return csvRow([
    localDateTime(i.startUtc, zone, i.allDay),
    localDateTime(i.endUtc, zone, i.allDay),
    zone,
    i.startUtc,
    i.title,
    i.status,
    outcomeOf(i, context.nowUtc),
    i.contact?.name,
    i.contact?.email,
    i.company,
    i.role,
    i.location,
    i.videoUrl,
    i.thankYouSentAt ? localDateTime(i.thankYouSentAt, zone, false) : undefined,
    text.notes.join('\n') || undefined,
    text.referrals.join('\n') || undefined,
    i.calendarUid,
  ]);
}
