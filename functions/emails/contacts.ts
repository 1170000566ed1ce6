import type { ActionItem, Contact, User } from '../domain/model';
import { FOLLOW_UP_COMMANDS } from '../domain/follow-up-commands';
import { formatDate } from '../commons/format-time';
import { present } from '../domain/display-text';
import { boundedGroup, type OverviewView } from './overview';
import { template } from './overview.generated';
import { appView, renderEmail, SHORT, type BrandInput, type RenderedEmail } from './shared';

/** The answer to `contacts`: who is due (numbered, so `2 done` works) and who was met recently. */

export const CONTACTS_SHOWN = 20;

interface ContactsInput extends BrandInput {
  user: User;
  now: Date;
  /** Numbered as stored for replies. */
  due: readonly (ActionItem & { detail?: string })[];
  /** There were more due than were read. */
  dueMore: boolean;
  recent: readonly Contact[];
  totalContacts: number;
}

type ContactsView = OverviewView;

function contactsView(input: ContactsInput): ContactsView {
  const zone = input.user.timeZone;
  const recent = input.recent.map((c) => ({
    label: present(c.name, SHORT) ? `${present(c.name, SHORT)} (${c.email})` : c.email,
    detail: [present(c.company, SHORT), c.lastTouchUtc ? `last in touch ${formatDate(c.lastTouchUtc, zone)}` : undefined]
      .filter(Boolean)
      .join(' · '),
  }));
  const groups = [
    boundedGroup(
      'Due now',
      input.due.map((item) => ({ label: `${item.n}. ${item.label}`, ...(item.detail ? { detail: item.detail } : {}) })),
      CONTACTS_SHOWN,
      input.due.length,
      input.dueMore,
    ),
    boundedGroup('Met recently', recent, CONTACTS_SHOWN),
  ].filter((group) => group !== undefined);
  return {
    app: appView(input),
    subject: `Your contacts — ${input.due.length}${input.dueMore ? '+' : ''} due`,
    preheader: `${input.due.length}${input.dueMore ? '+' : ''} due a follow-up or an introduction; ${input.totalContacts} people in all.`,
    kicker: 'Contacts',
    heading: 'Who to get back to',
    intro: `Answer an item by its number, e.g. “1 done” or “2 snooze 2 weeks”. ${input.totalContacts} people in all; reply “export” for every one of them.`,
    footerNote: 'Numbers refer to this email only.',
    minimalFooter: false,
    groups,
    empty: 'Nobody is due right now.',
    commandsTitle: 'Reply with',
    commands: FOLLOW_UP_COMMANDS,
  };
}

export function renderContacts(input: ContactsInput): RenderedEmail {
  return renderEmail(template, contactsView(input));
}
