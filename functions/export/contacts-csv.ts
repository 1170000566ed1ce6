import type { Contact } from '../domain/model';
import { KEEP_IN_TOUCH } from '../domain/keep-in-touch';
import { toCsv } from './csv';
import { localDateTime } from './local-time';

/** `contacts.csv`: one row per person, with where they came from and where keeping in touch stands. */
const HEADER = [
  'name',
  'email',
  'company',
  'role',
  'source',
  'referred_by',
  'referral_state',
  'first_met',
  'last_touch',
  'next_follow_up',
  'follow_up_every_months',
  'interviews',
  'notes',
] as const;

export function contactsCsv(contacts: readonly Contact[], zone: string): string {
  const when = (utc: string | undefined) => (utc ? localDateTime(utc, zone, false) : undefined);
  const rows = contacts.map((c) => [
    c.name,
    c.email,
    c.company,
    c.role,
    c.source,
    c.referredBy ? (c.referredBy.name ? `${c.referredBy.name} <${c.referredBy.email}>` : c.referredBy.email) : undefined,
    c.referralState,
    when(c.firstMetUtc),
    when(c.lastTouchUtc),
    c.followUpOff ? 'never' : when(c.nextTouchUtc),
    c.followUpOff ? undefined : (c.cadenceMonths ?? KEEP_IN_TOUCH.defaultCadenceMonths),
    c.interviewIds?.length ?? 0,
    [c.context, c.notes].filter(Boolean).join('\n') || undefined,
  ]);
  return toCsv(HEADER, rows);
}
