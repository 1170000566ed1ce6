import type { Interview, User } from '../domain/model';
import { formatDate } from '../commons/format-time';
import { boundedGroup, type OverviewView, type OverviewItem } from './overview';
import { template } from './overview.generated';
import { appView, capitalize, meetingPhrase, renderEmail, whenText, type BrandInput, type RenderedEmail } from './shared';

/** The answer to `list`: upcoming and recent interviews, each group bounded. */

const LIST_SHOWN = 20;

interface ListInput extends BrandInput {
  user: User;
  now: Date;
  upcoming: readonly Interview[];
  recent: readonly Interview[];
  upcomingDays: number;
  recentDays: number;
}

type ListView = OverviewView;

function item(interview: Interview, zone: string): OverviewItem {
  const status = interview.status === 'scheduled' ? '' : ` (${interview.status})`;
  const thanks = interview.thankYouSentAt ? ' · thank-you sent' : '';
  return { label: `${capitalize(meetingPhrase(interview))}${status}`, detail: `${whenText(interview, zone)}${thanks}` };
}

function listView(input: ListInput): ListView {
  const zone = input.user.timeZone;
  const groups = [
    boundedGroup(
      `Coming up (next ${input.upcomingDays} days)`,
      input.upcoming.map((i) => item(i, zone)),
      LIST_SHOWN,
    ),
    boundedGroup(
      `Recent (last ${input.recentDays} days)`,
      [...input.recent].reverse().map((i) => item(i, zone)),
      LIST_SHOWN,
    ),
  ].filter((group) => group !== undefined);
  return {
    app: appView(input),
    subject: `Your interviews — ${formatDate(input.now.toISOString(), zone)}`,
    preheader: `${input.upcoming.length} coming up, ${input.recent.length} recent.`,
    kicker: 'Interviews',
    heading: 'Your interviews',
    intro: `Times in ${zone}. For everything, ever, reply “export”.`,
    footerNote: 'Reply “contacts” for the people to follow up with.',
    minimalFooter: false,
    groups,
    empty: 'Nothing coming up and nothing in the last weeks. Forward your next invitation and it will be here.',
    commandsTitle: 'Reply with',
    commands: [
      { command: 'contacts', meaning: 'The people due a follow-up, and the ones you met recently.' },
      { command: 'export', meaning: 'All your interviews and contacts as files.' },
    ],
  };
}

export function renderList(input: ListInput): RenderedEmail {
  return renderEmail(template, listView(input));
}
