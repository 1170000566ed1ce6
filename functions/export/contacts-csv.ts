import { KEEP_IN_TOUCH } from '../domain/keep-in-touch';
import { toCsv } from './csv';
import { localDateTime } from './local-time';
import { personText, referredByPerson, type ExportRecords } from './records';

/** `contacts.csv`: one row per person, with where they came from, whom they referred and where keeping in touch stands. */
const HEADER = [
  'name',
  'email',
  'company',
  'role',
  'source',
  'referred_by',
  'referral_state',
  'referred',
  'first_met',
  'last_touch',
  'next_follow_up',
  'follow_up_every_months',
  'interviews',
  'notes',
] as const;

export function contactsCsv(records: Pick<ExportRecords, 'contacts' | 'zone'>): string {
  const { contacts, zone } = records;
  const referred = referredByPerson(contacts);
  const when = (utc: string | undefined) => (utc ? localDateTime(utc, zone, false) : undefined);
  const rows = contacts.map((c) => [
    c.name,
    c.email,
    c.company,
    c.role,
    c.source,
    c.referredBy ? personText(c.referredBy) : undefined,
    c.referralState,
    referred.get(c.email)?.join('\n'),
    when(c.firstMetUtc),
    when(c.lastTouchUtc),
    c.followUpOff ? 'never' : when(c.nextTouchUtc),
    c.followUpOff ? undefined : (c.cadenceMonths ?? KEEP_IN_TOUCH.defaultCadenceMonths),
    c.interviewIds?.length ?? 0,
    [c.context, c.notes].filter(Boolean).join('\n') || undefined,
  ]);
  return toCsv(HEADER, rows);
}
