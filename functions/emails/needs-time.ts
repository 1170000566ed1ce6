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
}

export interface NeedsTimeView extends BaseView {
  details: Row[];
  ask: string;
  example: string;
  zoneNote: string;
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
  };
}

export function renderNeedsTime(input: NeedsTimeInput): RenderedEmail {
  return renderEmail(template, needsTimeView(input));
}
