import type { Person, User } from '../domain/model';
import { present } from '../domain/display-text';
import { template } from './needs-time.generated';
import {
  appView,
  contactLabel,
  LONG,
  meetingPhrase,
  renderEmail,
  row,
  type BaseView,
  type BrandInput,
  type RenderedEmail,
  type Row,
} from './shared';

/** The answer to an invitation we could read but that has no date or time: what we found, and the one thing missing. */

interface NeedsTimeInput extends BrandInput {
  user: Pick<User, 'timeZone'>;
  /** What we did find, as much as is known. */
  title?: string;
  contact?: Person;
  company?: string;
  /** An all-day event's day, as the user reads it ("Thu 4 Mar"): only the time of day is missing. */
  day?: string;
  /** The readings of a time that reads two ways ("3/4"), each a one-tap answer. */
  choices?: TimeChoice[];
}

/** One reading to pick: how it reads in the user's zone, and the mailto: link that answers with it. */
export interface TimeChoice {
  label: string;
  href: string;
}

export interface NeedsTimeView extends BaseView {
  details: Row[];
  ask: string;
  example: string;
  zoneNote: string;
  choices: TimeChoice[];
}

function foundRows(input: NeedsTimeInput): Row[] {
  const details: Row[] = [];
  const title = present(input.title, LONG);
  if (title) details.push(row('What', title));
  const who = contactLabel(input.contact);
  if (who) details.push(row('With', who));
  const company = present(input.company, LONG);
  if (company) details.push(row('Company', company));
  details.push(row('When', input.day ? `${input.day}, all day — time missing` : 'Missing'));
  return details;
}

function needsTimeView(input: NeedsTimeInput): NeedsTimeView {
  const phrase = meetingPhrase({ title: input.title ?? '', contact: input.contact, company: input.company, videoUrl: undefined });
  const choices = input.choices ?? [];
  if (choices.length > 1) return twoReadingsView(input, phrase, choices);
  return {
    app: appView(input),
    subject: `When is your ${phrase}?`,
    preheader: input.day ? `We found the invitation for ${input.day}, but no time.` : 'We found the invitation but no date or time.',
    kicker: 'One thing missing',
    heading: 'When is it?',
    intro: input.day
      ? `We found your ${phrase} on ${input.day}, but as an all-day event, with no time, so we can't time your prep brief and thank-you yet.`
      : `We found your ${phrase}, but no date or time, so we can't time your prep brief and thank-you yet.`,
    footerNote: 'This is an automatic reply.',
    minimalFooter: false,
    details: foundRows(input),
    ask: 'Reply to this email with the date and time (or forward the invitation again with it at the top), for example:',
    example: input.day ? '15:00, 30 minutes' : 'Thu 12 Dec 15:00, 30 minutes',
    zoneNote: `We'll read it in your time zone, ${input.user.timeZone}.`,
    choices: [],
  };
}

/** The time reads two ways: nothing is logged until the user taps the one they meant. */
function twoReadingsView(input: NeedsTimeInput, phrase: string, choices: TimeChoice[]): NeedsTimeView {
  return {
    app: appView(input),
    subject: `Which day is your ${phrase}?`,
    preheader: `The date reads two ways: ${choices.map((c) => c.label).join(' or ')}.`,
    kicker: 'One question',
    heading: 'Which day is it?',
    intro: `The date in your ${phrase} reads two ways, so we logged nothing yet. Tap the one you meant, or reply with the date and time.`,
    footerNote: 'This is an automatic reply.',
    minimalFooter: false,
    details: foundRows(input).filter((r) => r.label !== 'When'),
    ask: 'Or reply with the date and time, month as a word, for example:',
    example: 'Thu 12 Dec 15:00, 30 minutes',
    zoneNote: `Times are shown in your time zone, ${input.user.timeZone}.`,
    choices,
  };
}

export function renderNeedsTime(input: NeedsTimeInput): RenderedEmail {
  return renderEmail(template, needsTimeView(input));
}
