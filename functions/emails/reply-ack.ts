import type { Interview, User } from '../domain/model';
import { present } from '../domain/display-text';
import { template } from './reply-ack.generated';
import {
  appView,
  capitalize,
  meetingPhrase,
  renderEmail,
  row,
  whenText,
  type BaseView,
  type BrandInput,
  type RenderedEmail,
  type Row,
} from './shared';

/** The answer to a reply: what was applied, what could not be and why, and referrals to offer. */

interface ReplyAckInput extends BrandInput {
  user: User;
  /** The interview the reply was about, when there is one. */
  interview?: Interview;
  /** What was applied, one sentence each (already written for the user). */
  understood: readonly string[];
  /** What could not be applied and how to fix it, one sentence each. */
  problems: readonly string[];
  /** Lines Rapport was not sure about: nothing changed, and each offers its readings as one-tap answers. */
  questions?: readonly AckQuestion[];
  /** Addresses found in the note, "Name <email>" or "email", offered as referrals. */
  offeredReferrals: readonly string[];
  /** The answer is about deleting the user's data: the request to confirm it, or the deletion done. */
  deletion?: DeletionStep;
  /** A subject and kicker of its own, for an answer that is not to a reply (an unsubscribe link was used). */
  /** An answer to something other than a reply's lines (an unsubscribe): its own subject, kicker and, if given, heading and intro. */
  titled?: { subject: string; kicker: string; heading?: string; intro?: string };
}

type DeletionStep = 'confirm' | 'done';

/** A line of the reply read two ways or not at all, quoted, with the answers one tap sends. */
export interface AckQuestion {
  line: string;
  /** Each a `mailto:` link to the reply address whose body is the answer ("Mark as sent", "Keep it as a note"). */
  choices: readonly { label: string; href: string }[];
}

/** What the answer says about itself when it is part of "delete my data", so the user can tell the two emails apart. */
const DELETION_WORDING: Record<DeletionStep, { subject: string; kicker: string; footerNote: string }> = {
  confirm: {
    subject: 'Confirm: delete everything Rapport keeps about you?',
    kicker: 'Please confirm',
    footerNote: 'Only a reply to this email can confirm. If you did not ask for this, ignore it: nothing is deleted.',
  },
  done: {
    subject: 'Deleted: everything Rapport kept about you',
    kicker: 'Deleted',
    footerNote: 'Apart from what this email lists as expiring on its own, Rapport keeps nothing else about you.',
  },
};

export interface ReplyAckView extends BaseView {
  understood: string[];
  problems: string[];
  questions: Array<{ line: string; choices: Array<{ label: string; href: string }> }>;
  referrals: Array<{ command: string }>;
  details: Row[];
}

/** Bounds for lines we write ourselves from the user's reply, and for an offered "Name <email>". */
const MAX_ACK_LINE = 1000;
/** A quoted line of the reply, and a one-tap answer (its label and its mailto: link). */
const MAX_QUOTED_LINE = 120;
const MAX_CHOICE_LABEL = 120;
const MAX_CHOICE_HREF = 1000;
const MAX_REFERRAL = 300;

function bounded(lines: readonly string[], max: number): string[] {
  return lines.map((line) => present(line, max)).filter((line): line is string => !!line);
}

function replyAckView(input: ReplyAckInput): ReplyAckView {
  const understood = bounded(input.understood, MAX_ACK_LINE);
  const problems = bounded(input.problems, MAX_ACK_LINE);
  const questions = (input.questions ?? []).map((question) => ({
    line: present(question.line, MAX_QUOTED_LINE) ?? '',
    choices: question.choices
      .filter((choice) => choice.href.startsWith('mailto:') && choice.href.length <= MAX_CHOICE_HREF)
      .map((choice) => ({ label: present(choice.label, MAX_CHOICE_LABEL) ?? '', href: choice.href })),
  }));
  const phrase = input.interview ? meetingPhrase(input.interview) : undefined;
  const onlyProblems = understood.length === 0 && (problems.length > 0 || questions.length > 0);
  const deletion = input.deletion ? DELETION_WORDING[input.deletion] : undefined;
  return {
    app: appView(input),
    subject:
      deletion?.subject ??
      input.titled?.subject ??
      (onlyProblems ? `Couldn't apply your reply${phrase ? ` about your ${phrase}` : ''}` : `Got it${phrase ? `: ${phrase}` : ''}`),
    preheader:
      understood[0] ?? problems[0] ?? (questions[0] ? `Not sure what you meant by “${questions[0].line}”` : 'Your reply was received.'),
    kicker: deletion?.kicker ?? input.titled?.kicker ?? (onlyProblems ? 'Needs another look' : 'Got it'),
    heading: input.titled?.heading ?? (phrase ? capitalize(phrase) : 'Your reply'),
    intro:
      input.titled?.intro ??
      (onlyProblems ? 'We read your reply but could not apply it. Here is why:' : 'Here is what we did with your reply.'),
    footerNote: deletion?.footerNote ?? 'Reply again to add more notes or change anything.',
    minimalFooter: false,
    understood,
    problems,
    questions,
    referrals: bounded(input.offeredReferrals, MAX_REFERRAL).map((line) => ({ command: `referral: ${line}` })),
    details: input.interview && input.interview.status !== 'cancelled' ? [row('When', whenText(input.interview, input.user.timeZone))] : [],
  };
}

export function renderReplyAck(input: ReplyAckInput): RenderedEmail {
  return renderEmail(template, replyAckView(input));
}
