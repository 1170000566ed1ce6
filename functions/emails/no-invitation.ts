import type { User } from '../domain/model';
import { present } from '../domain/display-text';
import { template } from './no-invitation.generated';
import { appView, numbered, renderEmail, SHORT, type BaseView, type BrandInput, type Numbered, type RenderedEmail } from './shared';

/** The answer to a forwarded email without a calendar invitation in it: nothing logged, and how to fix it. */

interface NoInvitationInput extends BrandInput {
  /** The user, when known: the example time is in their zone. */
  user?: Pick<User, 'timeZone'>;
  /** The subject of the email we could not read an invitation from. */
  subject?: string;
  /** Why the email could not be read at all (a read limit it went past), when that is the reason. */
  problem?: string;
}

export interface NoInvitationView extends BaseView {
  steps: Numbered[];
  example: { before: string; command: string };
}

function noInvitationView(input: NoInvitationInput): NoInvitationView {
  const app = appView(input);
  const theirs = present(input.subject, SHORT);
  const problem = present(input.problem, 300);
  return {
    app,
    ...(problem ? unreadableText(theirs, problem) : notFoundText(theirs)),
    footerNote: 'This is an automatic reply.',
    minimalFooter: false,
    steps: numbered([
      `Forward the calendar invitation itself — the email with the .ics attachment or the Accept and Decline buttons${app.logAddress ? ` — to ${app.logAddress}` : ''}.`,
      `Or reply to this email with the date and time${input.user ? ` (read in your time zone, ${input.user.timeZone})` : ''} and who you're meeting.`,
    ]),
    example: { before: 'For example:', command: 'Thu 12 Dec 15:00, 30 minutes, with Jane Doe <jane@example.com> from Acme' },
  };
}

function notFoundText(theirs: string | undefined): Pick<BaseView, 'subject' | 'preheader' | 'kicker' | 'heading' | 'intro'> {
  return {
    subject: theirs ? `No invitation found in “${theirs}”` : 'No invitation found in your email',
    preheader: 'Forward the calendar invitation itself, or reply with the date and time.',
    kicker: 'Nothing logged',
    heading: "We couldn't find an invitation",
    intro: theirs
      ? `We read “${theirs}” but found no calendar invitation in it, so nothing was logged.`
      : 'We read your email but found no calendar invitation in it, so nothing was logged.',
  };
}

function unreadableText(
  theirs: string | undefined,
  problem: string,
): Pick<BaseView, 'subject' | 'preheader' | 'kicker' | 'heading' | 'intro'> {
  return {
    subject: theirs ? `Couldn't read “${theirs}”` : "Couldn't read your email",
    preheader: 'It holds more than Rapport reads. Forward the calendar invitation on its own.',
    kicker: 'Nothing logged',
    heading: "We couldn't read your email",
    intro: `We couldn't read ${theirs ? `“${theirs}”` : 'your email'}: ${problem}. Nothing was logged.`,
  };
}

export function renderNoInvitation(input: NoInvitationInput): RenderedEmail {
  return renderEmail(template, noInvitationView(input));
}
