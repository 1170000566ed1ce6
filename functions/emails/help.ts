import type { User } from '../domain/model';
import { REPLY_COMMANDS } from '../domain/reply-commands';
import { DEFAULT_DIGEST, digestScheduleText, THANK_YOU_WINDOW_HOURS, TIME_RULES } from '../domain/time-rules';
import { template } from './help.generated';
import {
  appView,
  capitalize,
  numbered,
  prepBriefLead,
  renderEmail,
  type BaseView,
  type BrandInput,
  type Command,
  type Numbered,
  type RenderedEmail,
} from './shared';

/** The answer to a mail to help@: how it works, what to forward, every reply command. */

interface HelpInput extends BrandInput {
  /** The user asking, when they are one: the digest line shows their own setting, in their zone. */
  user?: Pick<User, 'digest' | 'timeZone'>;
}

export interface HelpView extends BaseView {
  steps: Numbered[];
  forwardHint: string;
  commandsTitle: string;
  commands: readonly Command[];
}

/** "An hour after", "30 minutes after": when the thank-you draft comes. */
function thankYouWhen(): string {
  const minutes = TIME_RULES.thankYouAfterEndMinutes;
  if (minutes === 60) return 'An hour after';
  return minutes % 60 === 0 ? `${minutes / 60} hours after` : `${minutes} minutes after`;
}

/** The digest as the user has set it (a new user gets the default, shown in their own time). */
function digestSentence(user: HelpInput['user']): string {
  if (!user) return `${capitalize(digestScheduleText(DEFAULT_DIGEST) ?? '')} your time, a digest sums it up.`;
  const schedule = digestScheduleText(user.digest);
  return schedule
    ? `${capitalize(schedule)} (${user.timeZone}), a digest sums it up.`
    : 'Your weekly digest is off; reply “digest: monday 08:00” to turn it back on.';
}

function helpView(input: HelpInput): HelpView {
  const app = appView(input);
  const logAddress = app.logAddress || `the ${app.name} address`;
  return {
    app,
    subject: `How ${app.name} works`,
    preheader: 'Forward an invitation; we handle the prep and the thank-you.',
    kicker: 'Help',
    heading: `How ${app.name} works`,
    intro: `${app.name} helps you get the most out of informational interviews — short conversations where you learn from someone in a role, company or field you're curious about. It all happens by email.`,
    footerNote: 'Questions this email does not answer? Reply and tell us.',
    minimalFooter: false,
    steps: numbered([
      `Forward the calendar invitation to ${logAddress}. We reply with what we understood.`,
      `${capitalize(prepBriefLead('a'))}, you get a prep brief: research links, questions to ask, your pitch.`,
      `${thankYouWhen()}, you get a thank-you draft to send within ${THANK_YOU_WINDOW_HOURS} hours.`,
      `Reply to any of our emails with notes, referrals or changes. ${digestSentence(input.user)}`,
    ]),
    forwardHint:
      'The invitation email itself — the one with the .ics attachment or the Accept and Decline buttons — from Google Calendar, Outlook, Apple Calendar or any other. Forward it as it is; you don’t need to add anything.',
    commandsTitle: 'Reply commands (one per line; anything else is saved as a note)',
    commands: REPLY_COMMANDS,
  };
}

export function renderHelp(input: HelpInput): RenderedEmail {
  return renderEmail(template, helpView(input));
}
