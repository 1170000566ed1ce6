import { chooseQuestions } from '../../domain/question-bank';
import type { Contact, Interview, Note, Person, User } from '../../domain/model';
import {
  durationMinutes,
  formatAllDay,
  formatClock,
  formatDate,
  formatDayTime,
  formatDuration,
  formatRange,
  formatRangeElsewhere,
  formatShort,
  hoursBetween,
  plusHours,
  relativeDay,
  zoneAbbreviation,
} from './format-time';
import { researchLinks } from './search-links';
import { template as confirmationEmail } from './compiled/confirmation.generated';
import { template as prepBriefEmail } from './compiled/prep-brief.generated';
import { template as thankYouEmail } from './compiled/thank-you.generated';
import { template as thankYouNudgeEmail } from './compiled/thank-you-nudge.generated';
import { template as helpEmail } from './compiled/help.generated';
import { template as noInvitationEmail } from './compiled/no-invitation.generated';
import { template as needsTimeEmail } from './compiled/needs-time.generated';
import { template as notEnabledEmail } from './compiled/not-enabled.generated';
import { template as replyAckEmail } from './compiled/reply-ack.generated';
import { template as digestEmail } from './compiled/digest.generated';
import { fillTemplates, type CompiledEmail } from './template-engine';
import { truncate } from '../../commons/bounded-text';
import { displayName, firstName, oneLine, present, safeHttpUrl, subjectLine } from './text';
import { thankYouDraft, type ThankYouDraft } from './thank-you-draft';

/**
 * Every email Rapport sends, as pure functions from domain objects to subject, HTML and plain
 * text. Values that came from an email are bounded and flattened here and escaped by the HTML
 * templates; times are computed from UTC and shown in the user's zone with the zone named.
 */

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Shared by every renderer. */
export interface BrandInput {
  /** Rapport's mail domain: the footer names `log@` and `help@` there. Without it the footer leaves them out. */
  domain?: string;
  /** Defaults to "Rapport". */
  appName?: string;
}

const DEFAULT_APP_NAME = 'Rapport';
/** Hours after the interview ends by which a thank-you should have gone out. */
export const THANK_YOU_WINDOW_HOURS = 24;
/** Display bounds: long enough for any real name, short enough to keep a heading on a phone screen. */
const SHORT = 80;
const LONG = 300;

interface Row {
  label: string;
  value: string;
  href?: string;
  /** The row in the plain-text twin, link written out. */
  plain: string;
}

interface Command {
  command: string;
  meaning: string;
}

interface Numbered {
  number: number;
  text: string;
}

interface AppView {
  name: string;
  logAddress?: string;
  helpAddress?: string;
}

interface BaseView {
  app: AppView;
  subject: string;
  preheader: string;
  kicker: string;
  heading: string;
  intro: string;
  footerNote: string;
  minimalFooter: boolean;
}

function appView(brand: BrandInput): AppView {
  const name = present(brand.appName, 40) ?? DEFAULT_APP_NAME;
  const domain = present(brand.domain, 200);
  // A domain without addresses would leave a dangling sentence in the footer; the template drops it.
  return domain ? { name, logAddress: `log@${domain}`, helpAddress: `help@${domain}` } : { name };
}

function render(compiled: CompiledEmail, view: BaseView & Record<string, unknown>): RenderedEmail {
  const subject = subjectLine(view.subject);
  const base = { ...view, subject, minimalFooter: view.minimalFooter || !view.app.helpAddress };
  return { subject, ...fillTemplates(compiled, base) };
}

function row(label: string, value: string, href?: string): Row {
  return href ? { label, value, href, plain: value === href ? value : `${value} <${href}>` } : { label, value, plain: value };
}

function numbered(items: readonly string[]): Numbered[] {
  return items.map((text, index) => ({ number: index + 1, text }));
}

// ---------------------------------------------------------------------------------------------
// Describing an interview

/** "Jane Doe", or her address when the name is unknown. */
function contactLabel(contact: Person | undefined): string | undefined {
  return displayName(contact?.name, SHORT) ?? contact?.email;
}

/** What kind of meeting the title suggests: "coffee chat", "call", "lunch", or plain "chat". */
function meetingNoun(interview: Pick<Interview, 'title' | 'videoUrl'>): string {
  const title = interview.title;
  if (/coffee|caf[eé]/i.test(title)) return 'coffee chat';
  if (/lunch/i.test(title)) return 'lunch';
  if (/breakfast/i.test(title)) return 'breakfast';
  if (/\b(call|phone|zoom|teams|meet|video)\b/i.test(title) || interview.videoUrl) return 'call';
  return 'chat';
}

/** "coffee chat with Jane Doe (Acme)", "chat at Acme", or the invitation's own title. */
function meetingPhrase(interview: Pick<Interview, 'title' | 'videoUrl' | 'contact' | 'company'>): string {
  const noun = meetingNoun(interview);
  const who = contactLabel(interview.contact);
  const company = present(interview.company, SHORT);
  if (who) return `${noun} with ${who}${company ? ` (${company})` : ''}`;
  if (company) return `${noun} at ${company}`;
  const title = present(interview.title, SHORT);
  return title ? `“${title}”` : 'informational interview';
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** The link to join, when there is one: the video URL, or a location that is itself a web address. */
function joinLink(interview: Pick<Interview, 'videoUrl' | 'location'>): string | undefined {
  return safeHttpUrl(interview.videoUrl) ?? safeHttpUrl(interview.location);
}

/** A long meeting URL shown as host and the start of its path; the link itself stays whole. */
function shortUrl(url: string): string {
  const parsed = new URL(url);
  return truncate(`${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`, 48);
}

function whenText(interview: Pick<Interview, 'startUtc' | 'endUtc' | 'allDay'>, zone: string): string {
  return interview.allDay ? formatAllDay(interview.startUtc, zone) : formatRange(interview.startUtc, interview.endUtc, zone);
}

/** The invitation's own zone, when it shows a different clock time from the user's. */
function elsewhereText(interview: Interview, zone: string): string | undefined {
  const other = interview.eventTimeZone;
  if (!other || other === zone || interview.allDay) return undefined;
  const same =
    formatDate(interview.startUtc, other) === formatDate(interview.startUtc, zone) &&
    formatClock(interview.startUtc, other) === formatClock(interview.startUtc, zone);
  return same ? undefined : formatRangeElsewhere(interview.startUtc, interview.endUtc, other, zone);
}

function interviewRows(interview: Interview, zone: string, options: { showMissing: boolean }): Row[] {
  const rows: Row[] = [];
  const title = present(interview.title, LONG);
  if (title) rows.push(row('What', title));
  const contactName = displayName(interview.contact?.name, LONG);
  const contactEmail = interview.contact?.email;
  if (contactName || contactEmail) {
    rows.push(row('With', contactName && contactEmail ? `${contactName} (${contactEmail})` : (contactName ?? contactEmail ?? '')));
  } else if (options.showMissing) {
    rows.push(row('With', 'Not sure yet — reply “contact: Name <email>”'));
  }
  const company = present(interview.company, LONG);
  if (company) rows.push(row('Company', company));
  else if (options.showMissing) rows.push(row('Company', 'Not sure yet — reply “company: …”'));
  const role = present(interview.role, LONG);
  if (role) rows.push(row('Their role', role));
  rows.push(row('When', whenText(interview, zone)));
  const elsewhere = elsewhereText(interview, zone);
  if (elsewhere) rows.push(row('Invitation’s time', elsewhere));
  const duration = interview.allDay ? '' : formatDuration(interview.startUtc, interview.endUtc);
  if (duration) rows.push(row('Length', duration));
  const join = joinLink(interview);
  const location = present(interview.location, LONG);
  if (location && !(join && safeHttpUrl(location) === join)) rows.push(row('Where', location));
  if (join) rows.push(row('Join link', shortUrl(join), join));
  else if (interview.videoUrl && interview.videoUrl !== interview.location) {
    // Not a web link we would put in an href (e.g. `javascript:`): shown as text, never linked.
    rows.push(row('Join link', present(interview.videoUrl, LONG) ?? ''));
  }
  return rows;
}

function footerForReminders(appName: string): string {
  return `Replies to this email go to ${appName} and are saved as notes on this conversation.`;
}

// ---------------------------------------------------------------------------------------------
// confirmation

export interface ConfirmationInput extends BrandInput {
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
}

/** Another zone than the user's, as an example of the `timezone:` command. */
function exampleZone(userZone: string): string {
  return userZone === 'Europe/Berlin' ? 'America/New_York' : 'Europe/Berlin';
}

export function renderConfirmation(input: ConfirmationInput): RenderedEmail {
  const { user, interview, change } = input;
  const zone = user.timeZone;
  const app = appView(input);
  const phrase = meetingPhrase(interview);
  const nowIso = (input.now ?? new Date(interview.updatedAt)).toISOString();
  const inferred = input.timeZoneInferred ?? user.timeZoneSource === 'inferred';
  const start = interview.allDay ? formatDate(interview.startUtc, zone) : formatShort(interview.startUtc, zone);

  const moved =
    change === 'updated' && input.previous && input.previous.startUtc !== interview.startUtc
      ? { from: whenText({ ...input.previous, allDay: interview.allDay }, zone), to: whenText(interview, zone) }
      : undefined;

  const nextSteps: Row[] = [];
  if (change === 'cancelled') {
    nextSteps.push(row('Reminders stopped', 'No prep brief and no thank-you draft will be sent for this one.'));
    nextSteps.push(row('Your notes stay', 'Anything you replied before is kept with this conversation.'));
  } else {
    if (input.prepBriefAtUtc) {
      const soon = hoursBetween(nowIso, input.prepBriefAtUtc) < 1;
      nextSteps.push(
        row(
          'Prep brief',
          soon
            ? 'On its way in a moment: who, when and where, research links, questions to ask and your pitch.'
            : `${formatDayTime(input.prepBriefAtUtc, zone)}: who, when and where, research links, questions to ask and your pitch.`,
        ),
      );
    }
    if (input.thankYouAtUtc) {
      nextSteps.push(
        row(
          'Thank-you draft',
          `${formatDayTime(input.thankYouAtUtc, zone)}: a ready-to-send note, so your thanks go out within ${THANK_YOU_WINDOW_HOURS} hours.`,
        ),
      );
    }
    if (nextSteps.length === 0) {
      nextSteps.push(row('No reminders', 'This conversation is already behind you, so there is nothing to schedule. Reply with notes any time.'));
    }
  }

  const commands: Command[] =
    change === 'cancelled'
      ? [
          { command: 'reschedule <when>', meaning: 'Put it back on at a new time, e.g. “reschedule Thu 10:00”.' },
        ]
      : [
          { command: 'company: …', meaning: 'Set or correct the company.' },
          { command: 'role: …', meaning: 'Their role or job title.' },
          { command: 'contact: Name <email>', meaning: 'Who you are meeting.' },
          { command: 'reschedule <when>', meaning: 'Move it, e.g. “reschedule Thu 10:00”; reminders move too.' },
          { command: 'cancel', meaning: 'Call it off and stop the reminders.' },
        ];

  const kicker = change === 'new' ? 'Logged' : change === 'updated' ? 'Updated' : 'Cancelled';
  const subject =
    change === 'new'
      ? `Logged: ${phrase} — ${start}`
      : change === 'updated'
        ? `Updated: ${phrase} — ${moved ? `now ${start}` : start}`
        : `Cancelled: ${phrase} — reminders stopped`;
  const intro =
    change === 'new'
      ? `Here is what we understood from your invitation. If anything is off, reply and we'll fix it.`
      : change === 'updated'
        ? moved
          ? 'The invitation changed, and your reminders moved with it.'
          : 'The invitation changed; here is what we have now.'
        : 'The invitation was cancelled, so we have stopped the reminders for it.';

  return render(confirmationEmail, {
    app,
    subject,
    preheader: change === 'cancelled' ? 'Reminders stopped.' : `${capitalize(phrase)}, ${start}.`,
    kicker,
    heading: capitalize(phrase),
    intro,
    footerNote: `Reply to this email to correct anything; other lines you write are saved as notes.`,
    minimalFooter: false,
    moved,
    details: interviewRows(interview, zone, { showMissing: change !== 'cancelled' }),
    nextTitle: change === 'cancelled' ? 'What happens now' : change === 'updated' ? 'Your reminders' : 'What happens next',
    nextSteps,
    zone: {
      text: `Times are shown in your time zone, ${zone} (${zoneAbbreviation(interview.startUtc, zone)}).`,
      inferred,
      example: `timezone: ${exampleZone(zone)}`,
    },
    commandsTitle: change === 'cancelled' ? 'Changed your mind? Reply with:' : 'Something wrong? Reply with a line like:',
    commands,
  });
}

// ---------------------------------------------------------------------------------------------
// prep brief

export interface PrepBriefInput extends BrandInput {
  user: User;
  interview: Interview;
  notes: readonly Note[];
  /** A second (or later) conversation with the same contact: questions build on the last one. */
  isFollowUp: boolean;
  now: Date;
  /** The industry, when the workflow knows it: sharpens the research links and questions. */
  industry?: string;
  /** Who introduced the user to this contact, when they were a referral. */
  referredBy?: Person;
}

/** Fewer questions for a short conversation: roughly one every five minutes, 5 to 8. */
function questionCount(interview: Interview): number {
  const minutes = interview.allDay ? 30 : durationMinutes(interview.startUtc, interview.endUtc);
  if (minutes <= 20) return 5;
  if (minutes <= 30) return 6;
  if (minutes <= 45) return 7;
  return 8;
}

export function renderPrepBrief(input: PrepBriefInput): RenderedEmail {
  const { user, interview } = input;
  const zone = user.timeZone;
  const app = appView(input);
  const phrase = meetingPhrase(interview);
  const nowIso = input.now.toISOString();
  const contactName = displayName(interview.contact?.name, SHORT);
  const first = firstName(interview.contact?.name);
  const company = present(interview.company, SHORT);
  const role = present(interview.role, SHORT);
  const industry = present(input.industry, SHORT);
  const start = interview.allDay ? formatDate(interview.startUtc, zone) : formatShort(interview.startUtc, zone);
  const day = relativeDay(interview.startUtc, nowIso, zone);
  const when = interview.allDay ? day : `${day} at ${formatClock(interview.startUtc, zone)} ${zoneAbbreviation(interview.startUtc, zone)}`;

  const questions = chooseQuestions({
    ...(role ? { role } : {}),
    ...(company ? { company } : {}),
    ...(industry ? { industry } : {}),
    isFollowUp: input.isFollowUp,
    count: questionCount(interview),
  }).map((question) => question.text);

  const referrer = present(input.referredBy?.name, SHORT) ?? input.referredBy?.email;
  const connection = referrer
    ? `${referrer} suggested you talk. Mention it early, and let ${referrer} know how it went afterwards.`
    : 'Note how you found them — a shared school, employer, community or introduction makes a natural opener.';

  const duration = interview.allDay ? '' : formatDuration(interview.startUtc, interview.endUtc);
  const reminders = [
    duration
      ? `Mind the time: you asked for ${duration}. Offer to wrap up when it's up, even if it's going well.`
      : "Mind the time you asked for, and offer to wrap up when it's up, even if it's going well.",
    `Listen more than you talk — ${first ?? 'they'} ${first ? 'is' : 'are'} the expert here.`,
    'Take notes, or write them down right after.',
    'Ask who else you should talk to before you say goodbye.',
    "Don't ask for a job. Ask for insight and advice; if there is an opening, you'll hear about it.",
  ];

  const kicker = input.isFollowUp ? 'Prep brief · follow-up' : 'Prep brief';
  const introParts = [
    `Your ${meetingNoun(interview)}${contactName ? ` with ${contactName}` : ''} is ${when}.`,
    input.isFollowUp
      ? 'You have talked before, so the questions below build on that conversation.'
      : "Here's what to know and what to ask.",
  ];

  return render(prepBriefEmail, {
    app,
    subject: `Prep brief: ${phrase} — ${start}`,
    preheader: `${capitalize(when)}. Research links, ${questions.length} questions, your pitch.`,
    kicker,
    heading: capitalize(phrase),
    intro: introParts.join(' '),
    footerNote: footerForReminders(app.name),
    minimalFooter: false,
    details: interviewRows(interview, zone, { showMissing: false }),
    joinUrl: joinLink(interview),
    research: researchLinks({ contactName, company, role, industry }),
    connection,
    questions: numbered(questions),
    pitch: present(user.pitch, 2000) ? oneLine(user.pitch ?? '') : undefined,
    reminders,
  });
}

// ---------------------------------------------------------------------------------------------
// thank-you draft and nudge

export interface ThankYouInput extends BrandInput {
  user: User;
  interview: Interview;
  notes: readonly Note[];
  now: Date;
  /** Someone the contact suggested at this interview: the draft's next step mentions them. */
  referral?: Person;
}

interface DraftView {
  to?: string;
  subject: string;
  paragraphs: Array<{ lines: string[] }>;
  insightFromNotes?: string;
  mailto: string;
  body: string;
}

function draftView(draft: ThankYouDraft): DraftView {
  return { ...draft, paragraphs: draft.paragraphs.map((paragraph) => ({ lines: paragraph.split('\n') })) };
}

function thankYouParts(input: ThankYouInput) {
  const zone = input.user.timeZone;
  const deadlineUtc = plusHours(input.interview.endUtc, THANK_YOU_WINDOW_HOURS);
  const draft = thankYouDraft({
    user: input.user,
    interview: input.interview,
    notes: input.notes,
    ...(input.referral ? { referral: input.referral } : {}),
  });
  const who = contactLabel(input.interview.contact);
  const hoursLeft = hoursBetween(input.now.toISOString(), deadlineUtc);
  const deadline =
    hoursLeft < 0
      ? `It has been more than ${THANK_YOU_WINDOW_HOURS} hours since you met — send it today; a late thank-you beats none.`
      : `Send by ${formatDayTime(deadlineUtc, zone)} (${THANK_YOU_WINDOW_HOURS} hours after you met).`;
  return { zone, deadlineUtc, draft, who, hoursLeft, deadline };
}

export function renderThankYou(input: ThankYouInput): RenderedEmail {
  const { deadlineUtc, draft, who, deadline, zone } = thankYouParts(input);
  const app = appView(input);
  return render(thankYouEmail, {
    app,
    subject: `Thank-you draft${who ? ` for ${who}` : ''} — send by ${formatShort(deadlineUtc, zone)}`,
    preheader: deadline,
    kicker: 'Thank-you draft',
    heading: who ? `Say thank you to ${who}` : 'Say thank you',
    intro:
      "A short, specific thank-you within a day is what people remember. Here's a draft to make your own — then send it from your own email.",
    footerNote: footerForReminders(app.name),
    minimalFooter: false,
    deadline,
    draft: draftView(draft),
  });
}

export function renderThankYouNudge(input: ThankYouInput): RenderedEmail {
  const { draft, who, hoursLeft, deadline } = thankYouParts(input);
  const app = appView(input);
  const left =
    hoursLeft < 0
      ? undefined
      : hoursLeft < 1
        ? 'Less than an hour left'
        : hoursLeft === 1
          ? 'About an hour left'
          : `About ${hoursLeft} hours left`;
  const target = who ? `to thank ${who}` : 'to send your thank-you';
  return render(thankYouNudgeEmail, {
    app,
    subject: left ? `${left} ${target}` : `Still time ${target}`,
    preheader: deadline,
    kicker: 'Reminder',
    heading: left ? `${left} ${target}` : `Still time ${target}`,
    intro: 'A quick nudge: your thank-you has not been marked as sent. The draft is below, ready to go.',
    footerNote: footerForReminders(app.name),
    minimalFooter: false,
    deadline,
    draft: draftView(draft),
  });
}

// ---------------------------------------------------------------------------------------------
// help, no invitation, needs time, not enabled, reply acknowledgement

/** Every reply command (DESIGN.md "Reply commands"), one line each. */
export const REPLY_COMMANDS: readonly Command[] = [
  { command: 'sent', meaning: 'You sent the thank-you; no more nudges.' },
  { command: 'cancel', meaning: 'The conversation is off; reminders stop.' },
  { command: 'reschedule <when>', meaning: 'It moved, e.g. “reschedule Thu 3 pm” or “moved to next Monday 10:00” (read in your time zone).' },
  { command: 'done  ·  no-show', meaning: 'It happened, or they did not turn up.' },
  { command: 'company: …  ·  role: …', meaning: 'Correct the company or their role.' },
  { command: 'contact: Name <email>', meaning: 'Correct who you are meeting.' },
  { command: 'referral: Name <email> — context', meaning: 'Someone they suggested you talk to.' },
  { command: 'pitch: …', meaning: 'Your elevator pitch, shown in every prep brief.' },
  { command: 'timezone: Europe/Berlin', meaning: 'The time zone your times are shown in.' },
  { command: 'digest: off  ·  digest: monday 08:00', meaning: 'Turn the weekly digest off, or choose when it comes.' },
  { command: 'delete my data', meaning: 'Erase everything we keep about you (we ask you to confirm first).' },
];

export type HelpInput = BrandInput;

export function renderHelp(input: HelpInput): RenderedEmail {
  const app = appView(input);
  const logAddress = app.logAddress ?? `the ${app.name} address`;
  return render(helpEmail, {
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
      'A day before, you get a prep brief: research links, questions to ask, your pitch.',
      'An hour after, you get a thank-you draft to send within 24 hours.',
      'Reply to any of our emails with notes, referrals or changes. Every Monday, a digest sums it up.',
    ]),
    forwardHint:
      'The invitation email itself — the one with the .ics attachment or the Accept and Decline buttons — from Google Calendar, Outlook, Apple Calendar or any other. Forward it as it is; you don’t need to add anything.',
    commandsTitle: 'Reply commands (one per line; anything else is saved as a note)',
    commands: REPLY_COMMANDS,
  });
}

export interface NoInvitationInput extends BrandInput {
  /** The user, when known: the example time is in their zone. */
  user?: Pick<User, 'timeZone'>;
  /** The subject of the email we could not read an invitation from. */
  subject?: string;
}

export function renderNoInvitation(input: NoInvitationInput): RenderedEmail {
  const app = appView(input);
  const theirs = present(input.subject, SHORT);
  return render(noInvitationEmail, {
    app,
    subject: theirs ? `No invitation found in “${theirs}”` : 'No invitation found in your email',
    preheader: 'Forward the calendar invitation itself, or reply with the date and time.',
    kicker: 'Nothing logged',
    heading: "We couldn't find an invitation",
    intro: theirs
      ? `We read “${theirs}” but found no calendar invitation in it, so nothing was logged.`
      : 'We read your email but found no calendar invitation in it, so nothing was logged.',
    footerNote: 'This is an automatic reply.',
    minimalFooter: false,
    steps: numbered([
      `Forward the calendar invitation itself — the email with the .ics attachment or the Accept and Decline buttons${app.logAddress ? ` — to ${app.logAddress}` : ''}.`,
      `Or reply to this email with the date and time${input.user ? ` (read in your time zone, ${input.user.timeZone})` : ''} and who you're meeting.`,
    ]),
    example: { before: 'For example:', command: 'Thu 12 Dec 15:00, 30 minutes, with Jane Doe <jane@example.com> from Acme' },
  });
}

export interface NeedsTimeInput extends BrandInput {
  user: Pick<User, 'timeZone'>;
  /** What we did find, as much as is known. */
  title?: string;
  contact?: Person;
  company?: string;
}

export function renderNeedsTime(input: NeedsTimeInput): RenderedEmail {
  const app = appView(input);
  const found = { title: input.title ?? '', contact: input.contact, company: input.company, videoUrl: undefined };
  const phrase = meetingPhrase(found);
  const details: Row[] = [];
  const title = present(input.title, LONG);
  if (title) details.push(row('What', title));
  const who = contactLabel(input.contact);
  if (who) details.push(row('With', who));
  const company = present(input.company, LONG);
  if (company) details.push(row('Company', company));
  details.push(row('When', 'Missing'));
  return render(needsTimeEmail, {
    app,
    subject: `When is your ${phrase}?`,
    preheader: 'We found the invitation but no date or time.',
    kicker: 'One thing missing',
    heading: 'When is it?',
    intro: `We found your ${phrase}, but no date or time, so we can't time your prep brief and thank-you yet.`,
    footerNote: 'This is an automatic reply.',
    minimalFooter: false,
    details,
    ask: 'Forward the invitation again with the time written at the top of your message, for example:',
    example: 'When: Thu 12 Dec 15:00–15:30',
    zoneNote: `We'll read it in your time zone, ${input.user.timeZone}.`,
  });
}

export interface NotEnabledInput extends BrandInput {
  /** The address that wrote to us, to name it in the reply. */
  senderEmail?: string;
}

export function renderNotEnabled(input: NotEnabledInput): RenderedEmail {
  const app = appView(input);
  const address = present(input.senderEmail, 254);
  return render(notEnabledEmail, {
    app,
    subject: `${app.name} isn't enabled for this address`,
    preheader: 'Nothing was logged.',
    kicker: 'Not enabled',
    heading: `${app.name} isn't enabled for ${address ?? 'this address'}`,
    intro: 'Thanks for writing. We did not log anything from your email.',
    body: `If you expected ${app.name} to work for you, please ask the person who set it up to add ${address ?? 'this address'} — or send from the address you signed up with.`,
    footerNote: "This is an automatic reply; you won't hear from us again about this email.",
    minimalFooter: true,
  });
}

export interface ReplyAckInput extends BrandInput {
  user: User;
  /** The interview the reply was about, when there is one. */
  interview?: Interview;
  /** What was applied, one sentence each (already written for the user). */
  understood: readonly string[];
  /** What could not be applied and how to fix it, one sentence each. */
  problems: readonly string[];
  /** Addresses found in the note, "Name <email>" or "email", offered as referrals. */
  offeredReferrals: readonly string[];
}

export function renderReplyAck(input: ReplyAckInput): RenderedEmail {
  const app = appView(input);
  const understood = input.understood.map((line) => present(line, 1000)).filter((line): line is string => !!line);
  const problems = input.problems.map((line) => present(line, 1000)).filter((line): line is string => !!line);
  const referrals = input.offeredReferrals
    .map((line) => present(line, 300))
    .filter((line): line is string => !!line)
    .map((line) => ({ command: `referral: ${line}` }));
  const phrase = input.interview ? meetingPhrase(input.interview) : undefined;
  const onlyProblems = understood.length === 0 && problems.length > 0;
  const subject = onlyProblems
    ? `Couldn't apply your reply${phrase ? ` about your ${phrase}` : ''}`
    : `Got it${phrase ? `: ${phrase}` : ''}`;
  return render(replyAckEmail, {
    app,
    subject,
    preheader: understood[0] ?? problems[0] ?? 'Your reply was received.',
    kicker: onlyProblems ? 'Needs another look' : 'Got it',
    heading: phrase ? capitalize(phrase) : 'Your reply',
    intro: onlyProblems ? 'We read your reply but could not apply it. Here is why:' : 'Here is what we did with your reply.',
    footerNote: 'Reply again to add more notes or change anything.',
    minimalFooter: false,
    understood,
    problems,
    referrals,
    details: input.interview && input.interview.status !== 'cancelled' ? [row('When', whenText(input.interview, input.user.timeZone))] : [],
  });
}

// ---------------------------------------------------------------------------------------------
// weekly digest

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

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function contactLine(contact: Contact): string {
  const name = present(contact.name, SHORT);
  const company = present(contact.company, SHORT);
  return `${name ? `${name} (${contact.email})` : contact.email}${company ? ` · ${company}` : ''}`;
}

export function renderDigest(input: DigestInput): RenderedEmail {
  const app = appView(input);
  const zone = input.user.timeZone;
  const nowIso = input.now.toISOString();
  const groups: Array<{ title: string; upper: string; items: Array<{ label: string; detail: string }> }> = [];
  const group = (title: string, items: Array<{ label: string; detail: string }>) => {
    if (items.length > 0) groups.push({ title, upper: title.toUpperCase(), items });
  };
  group(
    'Coming up',
    input.upcoming.map((interview) => ({
      label: capitalize(meetingPhrase(interview)),
      detail: `${capitalize(relativeDay(interview.startUtc, nowIso, zone))}${interview.allDay ? '' : ` at ${formatClock(interview.startUtc, zone)} ${zoneAbbreviation(interview.startUtc, zone)}`} — your prep brief arrives the day before.`,
    })),
  );
  group(
    'Thank-yous still to send',
    input.thankYousOwed.map((interview) => ({
      label: capitalize(meetingPhrase(interview)),
      detail: `You met ${relativeDay(interview.startUtc, nowIso, zone)}. A late thank-you still beats none; reply “sent” to its thank-you email once it's out.`,
    })),
  );
  group(
    'Referrals to contact',
    input.referralsToContact.map((contact) => ({
      label: contactLine(contact),
      detail: present(contact.context, LONG) ?? 'Suggested by someone you talked to. Mention who sent you.',
    })),
  );
  group(
    'Due a follow-up',
    input.followUpsDue.map((contact) => ({
      label: contactLine(contact),
      detail: 'A short note on what you did with their advice keeps the connection warm.',
    })),
  );

  const progress =
    input.heldInTotal === 0
      ? 'No conversations held yet — every one starts with a forwarded invitation.'
      : `This week: ${plural(input.heldThisWeek, 'conversation', 'conversations')} held, ${plural(input.insightsThisWeek, 'note', 'notes')} captured. ${plural(input.heldInTotal, 'conversation', 'conversations')} in all so far.`;
  const week = formatDate(nowIso, zone);
  return render(digestEmail, {
    app,
    subject: `Your week in informational interviews — ${week}`,
    preheader: progress,
    kicker: 'Weekly digest',
    heading: 'Your week',
    intro: groups.length > 0 ? 'What is coming up and what is still open.' : 'Nothing open right now.',
    footerNote: 'To stop the digest, reply “digest: off”; to move it, reply e.g. “digest: friday 17:00”.',
    minimalFooter: false,
    progress,
    groups,
    quiet: `A quiet week. When you book your next conversation, forward the invitation${app.logAddress ? ` to ${app.logAddress}` : ''} and we'll take it from there.`,
  });
}
