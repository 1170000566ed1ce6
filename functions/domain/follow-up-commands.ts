import { boundedText } from '../commons/bounded-text';
import { LIMITS, type ReferralState } from './model';

/**
 * Reply commands about keeping in touch (issue 13), read one line at a time like the rest
 * (reply-commands.ts): numbered answers to a digest (`2 done`, `3 snooze 2 weeks`,
 * `4 intro sent`), the same without a number in answer to an email about one person,
 * `touched: Priya`, `follow up in 6 months`, `no follow-up`, and `list`, `contacts`, `export`.
 */

/** What can be done to one open item. */
export type ItemAction =
  { kind: 'done' } | { kind: 'snooze'; days: number } | { kind: 'referral'; state: Exclude<ReferralState, 'suggested'> };

export type FollowUpCommand =
  /** `n` absent: the one item the email was about. */
  | { type: 'item'; n?: number; action: ItemAction }
  | { type: 'touched'; who: string }
  | { type: 'cadence'; off: false; months: number }
  | { type: 'cadence'; off: true }
  | { type: 'report'; report: ReportKind };

type FollowUpOf<T extends FollowUpCommand['type']> = Extract<FollowUpCommand, { type: T }>;

export type ReportKind = 'list' | 'contacts' | 'export';
export const REPORT_KINDS: readonly ReportKind[] = ['list', 'contacts', 'export'];

/** Snoozes longer than a year are a `follow up in …` in disguise. */
const MAX_SNOOZE_DAYS = 365;
/** Digest numbers stay small; a longer number is a date or a phone number in a note. */
const MAX_ITEM_NUMBER = 999;

const DAYS_PER: Record<string, number> = { day: 1, week: 7, month: 30 };

function readDuration(amount: string, unit: string): number | undefined {
  const count = Number(amount);
  const per = DAYS_PER[unit.replace(/s$/, '')];
  return per && count > 0 ? count * per : undefined;
}

/** `done`, `snooze 2 weeks`, `intro sent`, `met`, `not pursuing`; undefined for anything else. */
function readAction(text: string): ItemAction | string | undefined {
  // "sent" to a numbered item says the same as "done": the thank-you or the message was sent.
  if (text === 'done' || text === 'sent') return { kind: 'done' };
  if (text === 'intro sent' || text === 'introduction sent') return { kind: 'referral', state: 'intro-sent' };
  if (text === 'met') return { kind: 'referral', state: 'met' };
  if (text === 'not pursuing' || text === 'not pursued') return { kind: 'referral', state: 'not-pursuing' };
  const snooze = /^snooze(?:\s+(?:for\s+)?(\d{1,3})\s+(days?|weeks?|months?))?$/.exec(text);
  if (!snooze) return undefined;
  if (!snooze[1]) return { kind: 'snooze', days: 7 };
  const days = readDuration(snooze[1], snooze[2]!);
  if (!days || days > MAX_SNOOZE_DAYS) return `snooze: say how long, up to a year, e.g. "snooze 2 weeks"`;
  return { kind: 'snooze', days };
}

/** `list`, `contacts`, `export`: `lower` is the line lower-cased, without its closing stop. */
export function readReportLine(lower: string): FollowUpOf<'report'> | undefined {
  return (REPORT_KINDS as readonly string[]).includes(lower) ? { type: 'report', report: lower as ReportKind } : undefined;
}

/** `follow up in 6 months`, `follow up every 3 weeks`, `no follow-up`. */
export function readCadenceLine(lower: string): FollowUpOf<'cadence'> | string | undefined {
  if (/^no follow[- ]?ups?$/.test(lower)) return { type: 'cadence', off: true };
  const cadence = /^follow[- ]?up (?:in|every) (\d{1,2}) (weeks?|months?)$/.exec(lower);
  if (!cadence) return undefined;
  const days = readDuration(cadence[1]!, cadence[2]!)!;
  const months = Math.round(days / 30);
  if (months < 1 || months > LIMITS.cadenceMonths)
    return `follow up in: between 1 and ${LIMITS.cadenceMonths} months, e.g. "follow up in 6 months"`;
  return { type: 'cadence', off: false, months };
}

/** `touched: Priya` (a name or an address, as written). */
export function readTouchedLine(text: string): FollowUpOf<'touched'> | string | undefined {
  const touchedLine = /^touched\s*:\s*(.*)$/i.exec(text.trim());
  if (!touchedLine) return undefined;
  const who = touchedLine[1]!.trim();
  return who
    ? { type: 'touched', who: boundedText(who, LIMITS.name) }
    : 'touched: say who, e.g. "touched: Priya" or "touched: priya@acme.com"';
}

/** `2 done`, `3 snooze 2 weeks`, `intro sent`, `met`, `not pursuing` (numbered, or about the one person an email was about). */
export function readItemLine(lower: string): FollowUpOf<'item'> | string | undefined {
  const numbered = /^#?(\d{1,4})[.):]?\s+(.+)$/.exec(lower);
  if (numbered) {
    const action = readAction(numbered[2]!.trim());
    if (action === undefined) return undefined;
    if (typeof action === 'string') return action;
    const n = Number(numbered[1]);
    if (n < 1 || n > MAX_ITEM_NUMBER) return `${numbered[1]}: no item has that number`;
    return { type: 'item', n, action };
  }
  // `done` alone stays the interview command (reply-commands.ts); the workflow applies it to the
  // one person an email was about when that email is not about an interview.
  if (lower === 'done') return undefined;
  const action = readAction(lower);
  if (typeof action === 'string') return action;
  return action ? { type: 'item', action } : undefined;
}

/** The keep-in-touch commands as emails list them (help, the contacts email), with the command types each explains. */
export const FOLLOW_UP_COMMANDS = [
  {
    command: '2 done  ·  3 snooze 2 weeks  ·  4 intro sent',
    meaning:
      'Answer a numbered item of the digest or the contacts email: done, snooze it, or move a referral along (intro sent, met, not pursuing).',
    explains: ['item'],
  },
  {
    command: 'touched: Priya',
    meaning: 'You were in touch with someone (name or address); their follow-up clock starts over.',
    explains: ['touched'],
  },
  {
    command: 'follow up in 6 months  ·  no follow-up',
    meaning: 'How often to suggest keeping in touch with this person (default every 3 months), or never.',
    explains: ['cadence'],
  },
  {
    command: 'list  ·  contacts  ·  export',
    meaning:
      'Your upcoming and recent interviews; the people due a follow-up and met recently; all your data as CSV, vCard and calendar files.',
    explains: ['report'],
  },
] as const;
