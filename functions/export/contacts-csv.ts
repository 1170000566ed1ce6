import { KEEP_IN_TOUCH } from '../domain/keep-in-touch';
import type { Contact } from '../domain/model';
import { csvHeader, csvRow } from './csv';
import { localDateTime } from './local-time';
import { personText } from './records';

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

export const contactsCsvHeader = (): string => csvHeader(HEADER);

/** One person's row; `referred` is whom they referred. */
export function contactRow(c: Contact, referred: readonly string[], zone: string): string {
  const when = (utc: string | undefined) => (utc ? localDateTime(utc, zone, false) : undefined);
  return csvRow([
    c.name,
    c.email,
    c.company,
    c.role,
    c.source,
    c.referredBy ? personText(c.referredBy) : undefined,
    c.referralState,
    referred.join('\n') || undefined,
    when(c.firstMetUtc),
    when(c.lastTouchUtc),
    c.followUpOff ? 'never' : when(c.nextTouchUtc),
    c.followUpOff ? undefined : (c.cadenceMonths ?? KEEP_IN_TOUCH.defaultCadenceMonths),
    c.interviewIds?.length ?? 0,
    [c.context, c.notes].filter(Boolean).join('\n') || undefined,
  ]);
}
