import type { Interview, User } from '../domain/model';
import { THANK_YOU_WINDOW_HOURS } from '../domain/time-rules';
import { formatDate, formatDayTime, formatShort, hoursBetween, zoneAbbreviation } from '../commons/format-time';
import { template } from './confirmation.generated';
import {
  appView,
  capitalize,
  interviewRows,
  meetingPhrase,
  renderEmail,
  row,
  whenText,
  type BaseView,
  type BrandInput,
  type Command,
  type RenderedEmail,
  type Row,
} from './shared';

/** The answer to a forwarded invitation: what we understood, and what happens next. */

interface ConfirmationInput extends BrandInput {
  user: User;
  interview: Interview;
  /** `updated`: the time moved (pass `previous`); `cancelled`: reminders were stopped. */
  change: 'new' | 'updated' | 'cancelled';
  /** The times before an update, to show "moved from … to …". */
  previous?: { startUtc: string; endUtc: string };
  /** When the prep brief is scheduled (UTC ISO); absent when none will be sent. */
  prepBriefAtUtc?: string;
  /** When the thank-you draft is scheduled (UTC ISO); absent when none will be sent. */
  thankYouAtUtc?: string;
  /** Defaults to `user.timeZoneSource === 'inferred'`. */
  timeZoneInferred?: boolean;
  /** To say "in a moment" for a prep brief that goes out at once; defaults to `interview.updatedAt`. */
  now?: Date;
  /** How a time written in prose was read ("PDT" in winter, no zone named), said beside the zone. */
  timeNote?: string;
}

export interface ConfirmationView extends BaseView {
  moved?: { from: string; to: string };
  details: Row[];
  nextTitle: string;
  nextSteps: Row[];
  zone: { text: string; inferred: boolean; example: string };
  commandsTitle: string;
  commands: Command[];
}

/** Another zone than the user's, as an example of the `timezone:` command. */
function exampleZone(userZone: string): string {
  return userZone === 'Europe/Berlin' ? 'America/New_York' : 'Europe/Berlin';
}

function nextSteps(input: ConfirmationInput): Row[] {
  const zone = input.user.timeZone;
  if (input.change === 'cancelled') {
    return [
      row('Reminders stopped', 'No prep brief and no thank-you draft will be sent for this one.'),
      row('Your notes stay', 'Anything you replied before is kept with this conversation.'),
    ];
  }
  const steps: Row[] = [];
  if (input.prepBriefAtUtc) {
    const nowIso = (input.now ?? new Date(input.interview.updatedAt)).toISOString();
    const soon = hoursBetween(nowIso, input.prepBriefAtUtc) < 1;
    const what = 'who, when and where, research links, questions to ask and your pitch.';
    steps.push(row('Prep brief', soon ? `On its way in a moment: ${what}` : `${formatDayTime(input.prepBriefAtUtc, zone)}: ${what}`));
  }
  if (input.thankYouAtUtc) {
    steps.push(
      row(
        'Thank-you draft',
        `${formatDayTime(input.thankYouAtUtc, zone)}: a ready-to-send note, so your thanks go out within ${THANK_YOU_WINDOW_HOURS} hours.`,
      ),
    );
  }
  if (steps.length === 0) {
    steps.push(row('No reminders', 'This conversation is already behind you, so there is nothing to schedule. Reply with notes any time.'));
  }
  return steps;
}

function commands(change: ConfirmationInput['change']): Command[] {
  if (change === 'cancelled') {
    return [{ command: 'reschedule <when>', meaning: 'Put it back on at a new time, e.g. “reschedule Thu 10:00”.' }];
  }
  return [
    { command: 'company: …', meaning: 'Set or correct the company.' },
    { command: 'role: …', meaning: 'Their role or job title.' },
    { command: 'contact: Name <email>', meaning: 'Who you are meeting.' },
    { command: 'reschedule <when>', meaning: 'Move it, e.g. “reschedule Thu 10:00”; reminders move too.' },
    { command: 'cancel', meaning: 'Call it off and stop the reminders.' },
  ];
}

function headline(change: ConfirmationInput['change'], phrase: string, start: string, moved: boolean) {
  switch (change) {
    case 'new':
      return {
        kicker: 'Logged',
        subject: `Logged: ${phrase} — ${start}`,
        intro: `Here is what we understood from your invitation. If anything is off, reply and we'll fix it.`,
        nextTitle: 'What happens next',
      };
    case 'updated':
      return {
        kicker: 'Updated',
        subject: `Updated: ${phrase} — ${moved ? `now ${start}` : start}`,
        intro: moved ? 'The invitation changed, and your reminders moved with it.' : 'The invitation changed; here is what we have now.',
        nextTitle: 'Your reminders',
      };
    case 'cancelled':
      return {
        kicker: 'Cancelled',
        subject: `Cancelled: ${phrase} — reminders stopped`,
        intro: 'The invitation was cancelled, so we have stopped the reminders for it.',
        nextTitle: 'What happens now',
      };
    default: {
      const unknown: never = change;
      throw new Error(`unknown confirmation change ${String(unknown)}`);
    }
  }
}

function confirmationView(input: ConfirmationInput): ConfirmationView {
  const { user, interview, change } = input;
  const zone = user.timeZone;
  const phrase = meetingPhrase(interview);
  const start = interview.allDay
    ? formatDate(interview.startUtc, zone)
    : formatShort(interview.startUtc, zone, input.now ?? new Date(interview.updatedAt));
  const moved =
    change === 'updated' && input.previous && input.previous.startUtc !== interview.startUtc
      ? { from: whenText({ ...input.previous, allDay: interview.allDay }, zone), to: whenText(interview, zone) }
      : undefined;
  const { kicker, subject, intro, nextTitle } = headline(change, phrase, start, moved !== undefined);
  return {
    app: appView(input),
    subject,
    preheader: change === 'cancelled' ? 'Reminders stopped.' : `${capitalize(phrase)}, ${start}.`,
    kicker,
    heading: capitalize(phrase),
    intro,
    footerNote: `Reply to this email to correct anything; other lines you write are saved as notes.`,
    minimalFooter: false,
    moved,
    details: interviewRows(interview, zone, { showMissing: change !== 'cancelled', userEmail: user.email }),
    nextTitle,
    nextSteps: nextSteps(input),
    zone: {
      text: `${input.timeNote ? `${input.timeNote} ` : ''}Times are shown in your time zone, ${zone} (${zoneAbbreviation(interview.startUtc, zone)}).`,
      inferred: input.timeZoneInferred ?? user.timeZoneSource === 'inferred',
      example: `timezone: ${exampleZone(zone)}`,
    },
    commandsTitle: change === 'cancelled' ? 'Changed your mind? Reply with:' : 'Something wrong? Reply with a line like:',
    commands: commands(change),
  };
}

export function renderConfirmation(input: ConfirmationInput): RenderedEmail {
  return renderEmail(template, confirmationView(input));
}
