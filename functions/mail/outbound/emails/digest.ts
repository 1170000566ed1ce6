import type { Contact, Interview, User } from '../../../domain/model';
import { formatClock, formatDate, relativeDay, zoneAbbreviation } from '../format-time';
import { present } from '../text';
import { template } from './digest.generated';
import { appView, capitalize, LONG, meetingPhrase, prepBriefLead, renderEmail, SHORT, type BaseView, type BrandInput, type RenderedEmail } from './shared';

/** The weekly digest: what is coming up, what is still open, and progress so far. */

export interface DigestInput extends BrandInput {
  user: User;
  now: Date;
  upcoming: readonly Interview[];
  thankYousOwed: readonly Interview[];
  referralsToContact: readonly Contact[];
  followUpsDue: readonly Contact[];
  insightsThisWeek: number;
  heldThisWeek: number;
  heldInTotal: number;
}

export interface DigestItem {
  label: string;
  detail: string;
}

export interface DigestView extends BaseView {
  progress: string;
  groups: Array<{ title: string; upper: string; items: DigestItem[] }>;
  quiet: string;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function contactLine(contact: Contact): string {
  const name = present(contact.name, SHORT);
  const company = present(contact.company, SHORT);
  return `${name ? `${name} (${contact.email})` : contact.email}${company ? ` · ${company}` : ''}`;
}

/** The open items, one group each, empty groups left out. */
function digestGroups(input: DigestInput): DigestView['groups'] {
  const zone = input.user.timeZone;
  const nowIso = input.now.toISOString();
  const lists: Array<[string, DigestItem[]]> = [
    [
      'Coming up',
      input.upcoming.map((interview) => ({
        label: capitalize(meetingPhrase(interview)),
        detail: `${capitalize(relativeDay(interview.startUtc, nowIso, zone))}${interview.allDay ? '' : ` at ${formatClock(interview.startUtc, zone)} ${zoneAbbreviation(interview.startUtc, zone)}`} — your prep brief arrives ${prepBriefLead('the')}.`,
      })),
    ],
    [
      'Thank-yous still to send',
      input.thankYousOwed.map((interview) => ({
        label: capitalize(meetingPhrase(interview)),
        detail: `You met ${relativeDay(interview.startUtc, nowIso, zone)}. A late thank-you still beats none; reply “sent” to its thank-you email once it's out.`,
      })),
    ],
    [
      'Referrals to contact',
      input.referralsToContact.map((contact) => ({
        label: contactLine(contact),
        detail: present(contact.context, LONG) ?? 'Suggested by someone you talked to. Mention who sent you.',
      })),
    ],
    [
      'Due a follow-up',
      input.followUpsDue.map((contact) => ({
        label: contactLine(contact),
        detail: 'A short note on what you did with their advice keeps the connection warm.',
      })),
    ],
  ];
  return lists.filter(([, items]) => items.length > 0).map(([title, items]) => ({ title, upper: title.toUpperCase(), items }));
}

export function digestView(input: DigestInput): DigestView {
  const app = appView(input);
  const groups = digestGroups(input);
  const progress =
    input.heldInTotal === 0
      ? 'No conversations held yet — every one starts with a forwarded invitation.'
      : `This week: ${plural(input.heldThisWeek, 'conversation', 'conversations')} held, ${plural(input.insightsThisWeek, 'note', 'notes')} captured. ${plural(input.heldInTotal, 'conversation', 'conversations')} in all so far.`;
  return {
    app,
    subject: `Your week in informational interviews — ${formatDate(input.now.toISOString(), input.user.timeZone)}`,
    preheader: progress,
    kicker: 'Weekly digest',
    heading: 'Your week',
    intro: groups.length > 0 ? 'What is coming up and what is still open.' : 'Nothing open right now.',
    footerNote: 'To stop the digest, reply “digest: off”; to move it, reply e.g. “digest: friday 17:00”.',
    minimalFooter: false,
    progress,
    groups,
    quiet: `A quiet week. When you book your next conversation, forward the invitation${app.logAddress ? ` to ${app.logAddress}` : ''} and we'll take it from there.`,
  };
}

export function renderDigest(input: DigestInput): RenderedEmail {
  return renderEmail(template, digestView(input));
}
