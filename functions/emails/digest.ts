import type { DueEntry } from '../domain/keep-in-touch';
import type { Interview, Totals, User } from '../domain/model';
import { formatDate, formatWhenFromNow } from '../commons/format-time';
import { template } from './digest.generated';
import {
  appView,
  capitalize,
  meetingPhrase,
  prepBriefLead,
  renderEmail,
  type BaseView,
  type BrandInput,
  type RenderedEmail,
} from './shared';
import { counted } from '../commons/counted';

/**
 * The weekly digest: what is coming up, what is open (numbered, so a reply such as `2 done`
 * answers an item), and progress so far. Every section is bounded: the top items, then
 * "and N more"; totals come from the counts kept on write.
 */

/** Items shown per section; the rest are counted. */
export const DIGEST_SHOWN = 5;

export interface NumberedEntry extends DueEntry {
  n: number;
}

export interface DigestSection {
  shown: readonly NumberedEntry[];
  /** Open items past those shown that the digest read. */
  more: number;
  /** The read stopped at its limit: there may be others still. */
  moreUnknown: boolean;
}

interface DigestInput extends BrandInput {
  user: User;
  now: Date;
  upcoming: readonly Interview[];
  thankYous: DigestSection;
  referrals: DigestSection;
  followUps: DigestSection;
  heldThisWeek: number;
  totals: Totals;
}

interface DigestItem {
  label: string;
  detail: string;
}

export interface DigestView extends BaseView {
  progress: string;
  groups: Array<{ title: string; upper: string; items: DigestItem[]; more?: string }>;
  quiet: string;
  answerHint?: string;
}

function moreLine(count: number, unknown: boolean): string | undefined {
  if (count === 0 && !unknown) return undefined;
  if (count === 0) return 'and possibly more — reply “contacts” for the full list.';
  return `and ${count}${unknown ? ' or more' : ''} more — reply “contacts” for the full list.`;
}

function numberedGroup(title: string, section: DigestSection, hint: string) {
  const more = moreLine(section.more, section.moreUnknown);
  return {
    title,
    items: section.shown.map((entry) => ({ label: `${entry.n}. ${entry.label}`, detail: entry.detail ?? hint })),
    ...(more ? { more } : {}),
  };
}

/** The sections, empty ones left out. */
function digestGroups(input: DigestInput): DigestView['groups'] {
  const zone = input.user.timeZone;
  const nowIso = input.now.toISOString();
  const upcoming = input.upcoming.slice(0, DIGEST_SHOWN).map((interview) => ({
    label: capitalize(meetingPhrase(interview)),
    detail: `${capitalize(formatWhenFromNow(interview.startUtc, nowIso, zone, interview.allDay))} — your prep brief arrives ${prepBriefLead('the')}.`,
  }));
  const upcomingMore = input.upcoming.length - upcoming.length;
  const groups = [
    {
      title: 'Coming up',
      items: upcoming,
      ...(upcomingMore > 0 ? { more: `and ${upcomingMore} more — reply “list” for all of them.` } : {}),
    },
    numberedGroup('Thank-yous still to send', input.thankYous, 'A late thank-you still beats none.'),
    numberedGroup('Referrals to contact', input.referrals, 'Mention who sent you.'),
    numberedGroup('Due a follow-up', input.followUps, 'A short note on what you did with their advice keeps the connection warm.'),
  ];
  return groups.filter((group) => group.items.length > 0 || group.more).map((group) => ({ ...group, upper: group.title.toUpperCase() }));
}

/** Progress from the totals kept on write: true however long ago the last conversation was. */
function progressLine(input: DigestInput): string {
  const { totals } = input;
  if (totals.held === 0) return 'No conversations held yet — every one starts with a forwarded invitation.';
  const last = totals.lastHeldUtc ? ` The last was ${formatDate(totals.lastHeldUtc, input.user.timeZone)}.` : '';
  const followUps =
    totals.followUpsDone > 0
      ? ` ${counted(totals.followUpsDone, 'follow-up', 'follow-ups')} done, ${counted(totals.contacts, 'person', 'people')} in your network.`
      : ` ${counted(totals.contacts, 'person', 'people')} in your network.`;
  return `This week: ${counted(input.heldThisWeek, 'conversation', 'conversations')} held. ${counted(totals.held, 'conversation', 'conversations')} in all so far.${last}${followUps}`;
}

function digestView(input: DigestInput): DigestView {
  const app = appView(input);
  const groups = digestGroups(input);
  const progress = progressLine(input);
  const numbered = [input.thankYous, input.referrals, input.followUps].some((section) => section.shown.length > 0);
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
    ...(numbered
      ? { answerHint: 'Answer by number: “2 done”, “3 snooze 2 weeks”, “4 intro sent” (or met, not pursuing). One per line.' }
      : {}),
  };
}

export function renderDigest(input: DigestInput): RenderedEmail {
  return renderEmail(template, digestView(input));
}
