import { noteLines, notesByTime } from '../domain/learned';
import { chooseQuestions } from '../domain/question-bank';
import type { Interview, Note, Person, User } from '../domain/model';
import { durationMinutes, formatDate, formatDuration, formatShort, formatWhenFromNow } from '../commons/format-time';
import { researchLinks, type ResearchLink } from './search-links';
import { displayName, firstName, oneLine, present } from '../domain/display-text';
import { template } from './prep-brief.generated';
import {
  appView,
  capitalize,
  footerForReminders,
  interviewRows,
  joinLink,
  meetingNoun,
  meetingPhrase,
  numbered,
  renderEmail,
  SHORT,
  type BaseView,
  type BrandInput,
  type Numbered,
  type RenderedEmail,
  type Row,
} from './shared';

/** The day before: who, when and where, research links, questions to ask and the user's pitch. */

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

export interface PrepBriefView extends BaseView {
  details: Row[];
  joinUrl?: string;
  research: ResearchLink[];
  connection: string;
  questions: Numbered[];
  pitch?: string;
  reminders: string[];
  /** What the user noted before the conversation: their questions and reminders, as written. */
  yourNotes: string[];
}

/** The brief shows this many of the user's note lines at most. */
const MAX_NOTE_LINES = 12;

/** Fewer questions for a short conversation: roughly one every five minutes, 5 to 8. */
function questionCount(interview: Interview): number {
  const minutes = interview.allDay ? 30 : durationMinutes(interview.startUtc, interview.endUtc);
  if (minutes <= 20) return 5;
  if (minutes <= 30) return 6;
  if (minutes <= 45) return 7;
  return 8;
}

function connectionHint(referredBy: Person | undefined): string {
  const referrer = present(referredBy?.name, SHORT) ?? referredBy?.email;
  return referrer
    ? `${referrer} suggested you talk. Mention it early, and let ${referrer} know how it went afterwards.`
    : 'Note how you found them — a shared school, employer, community or introduction makes a natural opener.';
}

function etiquette(interview: Interview): string[] {
  const first = firstName(interview.contact?.name);
  const duration = interview.allDay ? '' : formatDuration(interview.startUtc, interview.endUtc);
  return [
    duration
      ? `Mind the time: you asked for ${duration}. Offer to wrap up when it's up, even if it's going well.`
      : "Mind the time you asked for, and offer to wrap up when it's up, even if it's going well.",
    `Listen more than you talk — ${first ?? 'they'} ${first ? 'is' : 'are'} the expert here.`,
    'Take notes, or write them down right after.',
    'Ask who else you should talk to before you say goodbye.',
    "Don't ask for a job. Ask for insight and advice; if there is an opening, you'll hear about it.",
  ];
}

export function prepBriefView(input: PrepBriefInput): PrepBriefView {
  const { user, interview } = input;
  const zone = user.timeZone;
  const app = appView(input);
  const phrase = meetingPhrase(interview);
  const contactName = displayName(interview.contact?.name, SHORT);
  const company = present(interview.company, SHORT);
  const role = present(interview.role, SHORT);
  const industry = present(input.industry, SHORT);
  const start = interview.allDay ? formatDate(interview.startUtc, zone) : formatShort(interview.startUtc, zone);
  const when = formatWhenFromNow(interview.startUtc, input.now.toISOString(), zone, interview.allDay);
  const questions = chooseQuestions({
    ...(role ? { role } : {}),
    ...(company ? { company } : {}),
    ...(industry ? { industry } : {}),
    isFollowUp: input.isFollowUp,
    count: questionCount(interview),
  }).map((question) => question.text);
  const intro = [
    `Your ${meetingNoun(interview)}${contactName ? ` with ${contactName}` : ''} is ${when}.`,
    input.isFollowUp
      ? 'You have talked before, so the questions below build on that conversation.'
      : "Here's what to know and what to ask.",
  ].join(' ');
  return {
    app,
    subject: `Prep brief: ${phrase} — ${start}`,
    preheader: `${capitalize(when)}. Research links, ${questions.length} questions, your pitch.`,
    kicker: input.isFollowUp ? 'Prep brief · follow-up' : 'Prep brief',
    heading: capitalize(phrase),
    intro,
    footerNote: footerForReminders(app.name),
    minimalFooter: false,
    details: interviewRows(interview, zone, { showMissing: false, userEmail: user.email }),
    joinUrl: joinLink(interview),
    research: researchLinks({ contactName, company, role, industry }),
    connection: connectionHint(input.referredBy),
    questions: numbered(questions),
    pitch: present(user.pitch, 2000) ? oneLine(user.pitch ?? '') : undefined,
    reminders: etiquette(interview),
    yourNotes: noteLines(notesByTime(input.notes, interview).before).slice(0, MAX_NOTE_LINES),
  };
}

export function renderPrepBrief(input: PrepBriefInput): RenderedEmail {
  return renderEmail(template, prepBriefView(input));
}
