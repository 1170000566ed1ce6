import { boundedText } from '../commons/bounded-text';
import { INTENT_LEXICON, NOTHING_LINES, type Role, VERB_ROLES, type VerbRole } from './intent-lexicon';
import type { ReplyCommand } from './reply-commands';
import type { TokenKind } from './reply-token';

/**
 * Reads a line of a reply the way people write it, in any language of intent-lexicon.ts: a
 * command, nothing (a greeting, thanks, a sign-off), something to ask about, or — undefined — a
 * note. Each clause is read as its parts: the verb (by its role: send, cancel, move…), negation,
 * plans and questions (future), and the words around it. A clause is a command only when every
 * word in it has a role a command's clause may have; one unknown word ("I sent her my CV", "they
 * cancelled the hiring freeze") makes it a note. A command word under a plan or a question is
 * asked about, never applied (docs/reply-commands.md "Your own words").
 */

export type IntentCommand = Extract<ReplyCommand, { type: 'sent' | 'cancel' | 'done' | 'no-show' | 'reschedule' | 'item' }>;

/** A one-tap answer offered for a line the reader is not sure of: what it would do, and the reply that does it. */
export interface Offer {
  label: string;
  reply: string;
}

export type LineIntent =
  { kind: 'command'; command: IntentCommand; alsoNote: boolean } | { kind: 'nothing' } | { kind: 'unclear'; offers: Offer[]; why: string };

export interface IntentContext {
  /** The kind of email the reply answers: "done" on a thank-you draft means it was sent. */
  replyingTo?: TokenKind;
}

/** A line longer than this is a note: a command said in a sentence is short. */
const MAX_INTENT_CHARS = 200;
/** A greeting, thanks or a sign-off with a name is shorter than this. */
const MAX_NOTHING_CHARS = 80;

/** The words of every language, with every role each has; phrases of up to three words. */
const ROLES_BY_WORD: ReadonlyMap<string, ReadonlySet<Role>> = (() => {
  const byWord = new Map<string, Set<Role>>();
  for (const lexicon of Object.values(INTENT_LEXICON)) {
    for (const [role, words] of Object.entries(lexicon) as [Role, string][]) {
      for (const word of words.split(' / ')) {
        const roles = byWord.get(word) ?? new Set<Role>();
        roles.add(role);
        byWord.set(word, roles);
      }
    }
  }
  return byWord;
})();

const NOTHING: ReadonlySet<string> = new Set(Object.values(NOTHING_LINES).flatMap((words) => words.split(' / ')));
const SIGN_OFFS: ReadonlySet<string> = new Set(NOTHING_LINES['sign-off'].split(' / '));

/** Lower case, no accents, straight apostrophes: how the lexicon is written. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'");
}

interface Word {
  folded: string;
  /** Written with a capital (not all capitals, "CV"): a name when the lexicon does not know it. */
  capital: boolean;
  /** Where the word starts in the clause as written. */
  start: number;
}

/** The words of a clause, with contractions split as the lexicon writes them ("didn't" → "did n't", "l'ai" → "l' ai"). */
function words(clause: string): Word[] {
  const found: Word[] = [];
  for (const match of clause.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) {
    const start = match.index;
    const capital = /^\p{Lu}\p{Ll}/u.test(match[0]);
    const folded = fold(match[0]);
    const split =
      /^(.+)n't$/.exec(folded) ?? /^([a-z]+)('(?:ll|ve|s|m|d|re))$/.exec(folded) ?? /^((?:l|j|c|n|m|s|d|qu|un)')(.+)$/.exec(folded);
    if (split) {
      found.push({ folded: split[1]!, capital, start });
      found.push({ folded: folded.endsWith("n't") ? "n't" : split[2]!, capital: false, start });
    } else found.push({ folded, capital, start });
  }
  return found;
}

/** What a clause says: its verbs by role, and what else is in it. */
interface ClauseReading {
  verbs: VerbRole[];
  negated: boolean;
  tentative: boolean;
  /** The clause ends with a question mark. */
  question: boolean;
  unknown: Word[];
  /** Unknown words written as names where a name may stand: before the verb (who did it) or after "to" (to whom). */
  names: Word[];
  /** Where the first word of a day or a time starts in the clause: a reschedule's time. */
  timeStart: number;
  sawTime: boolean;
  hasTime: boolean;
}

const DIGITS = /\d/;
/** Words after which a name says to whom: "wrote to Priya", "an Julien geschrieben". */
const NAME_BEFORE: ReadonlySet<string> = new Set([
  'to',
  'an',
  'a',
  'naar',
  'aan',
  'para',
  'pra',
  'with',
  'mit',
  'avec',
  'con',
  'com',
  'met',
]);
/** Times and dates written with digits read as times: "4pm", "10:30", "11.03.", "16h". */
const TIME_LIKE = /^\d{1,4}(?:[:.h]\d{0,2})?(?:am|pm|h|uhr)?$/;
/** Day and month names in the seven languages: a reschedule names one, or a number. */
const DAY_WORDS = new RegExp(
  '^(?:' +
    [
      'mon|monday|tue|tues|tuesday|wed|wednesday|thu|thurs|thursday|fri|friday|sat|saturday|sun|sunday|tomorrow|next|week|noon|midday|instead',
      'montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|morgen|nachste|nachsten|uhr|mittag',
      'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|prochain|prochaine|midi',
      'lunes|martes|miercoles|jueves|viernes|sabado|domingo|manana|proximo|proxima|las',
      'segunda|terca|quarta|quinta|sexta|sabado|amanha|feira|as',
      'lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domenica|domani|prossimo|prossima|alle',
      'maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|volgende|om',
      'jan|january|januar|janvier|enero|janeiro|gennaio|januari|feb|february|februar|fevrier|febrero|fevereiro|febbraio|februari',
      'mar|march|marz|mars|marzo|marco|maart|apr|april|avril|abril|aprile|may|mai|mayo|maio|maggio|mei',
      'jun|june|juni|juin|junio|junho|giugno|jul|july|juli|juillet|julio|julho|luglio|aug|august|aout|agosto|augustus',
      'sep|sept|september|septembre|septiembre|setembro|settembre|oct|october|oktober|octobre|octubre|outubro|ottobre',
      'nov|november|novembre|noviembre|novembro|dec|december|dezember|decembre|diciembre|dezembro|dicembre',
    ].join('|') +
    ')$',
);

function readClause(clause: string): ClauseReading {
  const reading: ClauseReading = {
    verbs: [],
    negated: false,
    tentative: /\?\s*$/.test(clause),
    question: /\?\s*$/.test(clause),
    unknown: [],
    names: [],
    timeStart: 0,
    sawTime: false,
    hasTime: false,
  };
  const list = words(clause);
  for (let i = 0; i < list.length;) {
    const [roles, length] = longestEntry(list, i);
    const word = list[i + length - 1]!;
    if (word.folded === 'no-show' || word.folded === 'noshow') {
      reading.verbs.push('appear');
      reading.negated = true;
    } else if (!roles) {
      if (TIME_LIKE.test(word.folded) || DAY_WORDS.test(word.folded)) {
        if (!reading.sawTime && word.folded !== 'instead') reading.timeStart = list[i]!.start;
        reading.sawTime ||= word.folded !== 'instead';
        reading.hasTime ||= DIGITS.test(word.folded) || word.folded.length > 3;
      } else if (word.capital && (i === 0 || NAME_BEFORE.has(list[i - 1]?.folded ?? ''))) reading.names.push(word);
      else reading.unknown.push(word);
    } else {
      const verb = VERB_ROLES.find((role) => roles.has(role));
      if (verb && !(reading.verbs.length > 0 && roles.size > 1)) {
        reading.verbs.push(verb);
      }
      if (roles.has('negation') && !verb) reading.negated = true;
      if (roles.has('future') && !verb) reading.tentative = true;
    }
    i += length;
  }
  return reading;
}

/** The longest lexicon entry (up to three words) starting at word `i`, and how many words it takes. */
function longestEntry(list: readonly Word[], i: number): [ReadonlySet<Role> | undefined, number] {
  for (let length = Math.min(3, list.length - i); length > 1; length--) {
    const phrase = list
      .slice(i, i + length)
      .map((word) => word.folded)
      .join(' ');
    const roles = ROLES_BY_WORD.get(phrase);
    if (roles) return [roles, length];
  }
  return [ROLES_BY_WORD.get(list[i]!.folded), 1];
}

const KEEP_AS_NOTE = (line: string): Offer => ({ label: 'Keep it as a note', reply: `note: ${line}` });

/** What a clause with one verb means, read against the email replied to. */
function clauseIntent(clause: string, line: string, context: IntentContext): LineIntent | undefined {
  const reading = readClause(clause);
  const verbs = [...new Set(reading.verbs)];
  if (verbs.length === 0) return undefined;
  if (verbs.length > 1 && !(verbs.length === 2 && verbs.includes('move'))) return undefined;
  const verb = verbs.includes('move') ? 'move' : verbs[0]!;
  if (verb === 'move') return readMove(clause, reading, line);
  if (reading.unknown.length > 0) return undefined;
  if (verb === 'appear') return reading.negated && !reading.tentative ? noShow(line) : undefined;
  if (reading.negated) return { kind: 'nothing' };
  const command = commandFor(verb, context);
  if (!command) return undefined;
  // A plan ("I'll send it tomorrow") is a note; a question, a maybe, or a cancel in any of them is asked about.
  if (reading.tentative && !reading.question && verb !== 'cancel') return undefined;
  if (reading.tentative)
    return verb === 'cancel' || verb === 'send' || verb === 'finish'
      ? {
          kind: 'unclear',
          offers: [offerFor(verb === 'cancel' ? 'cancel' : verb === 'send' ? 'sent' : 'done'), KEEP_AS_NOTE(line)],
          why: 'tentative',
        }
      : undefined;
  return { kind: 'command', command, alsoNote: false };
}

function noShow(line: string): LineIntent {
  return line.length <= 80
    ? { kind: 'command', command: { type: 'no-show' }, alsoNote: false }
    : { kind: 'unclear', offers: [offerFor('no-show'), KEEP_AS_NOTE(line)], why: 'long' };
}

const OFFER_LABELS: Record<'sent' | 'cancel' | 'done' | 'no-show', string> = {
  sent: 'Mark the thank-you as sent',
  cancel: 'Cancel the interview',
  done: 'Mark it as done',
  'no-show': 'Mark it as a no-show',
};

function offerFor(command: keyof typeof OFFER_LABELS): Offer {
  return { label: OFFER_LABELS[command], reply: command };
}

/**
 * The command a verb says on the email replied to ("done" on a thank-you draft is "sent");
 * undefined where it says nothing to do there.
 */
function commandFor(verb: Exclude<VerbRole, 'move' | 'appear'>, context: IntentContext): IntentCommand | undefined {
  const on = context.replyingTo;
  const aboutAPerson = on === 'keep-in-touch' || on === 'referral';
  const onThankYou = on === 'thank-you' || on === 'thank-you-nudge';
  switch (verb) {
    case 'cancel':
      return aboutAPerson ? undefined : { type: 'cancel' };
    case 'send':
      if (aboutAPerson) return { type: 'done' };
      return { type: 'sent' };
    case 'write':
      return aboutAPerson ? { type: 'done' } : onThankYou ? { type: 'sent' } : undefined;
    case 'finish':
      return onThankYou ? { type: 'sent' } : { type: 'done' };
    case 'meet':
      if (on === 'referral') return { type: 'item', action: { kind: 'referral', state: 'met' } };
      return aboutAPerson ? { type: 'done' } : onThankYou ? undefined : { type: 'done' };
  }
}

/** A move: the time from its first day or time word ("next Thursday 4pm"), asked about when it is a question. */
function readMove(clause: string, reading: ClauseReading, line: string): LineIntent | undefined {
  if (reading.negated) return { kind: 'nothing' };
  if (!reading.hasTime) return reading.unknown.length === 0 ? { kind: 'unclear', offers: [KEEP_AS_NOTE(line)], why: 'no-time' } : undefined;
  const when = boundedText(
    clause
      .slice(reading.timeStart)
      .replace(/\s+(?:instead|stattdessen|plutôt|à la place|en su lugar|em vez disso|invece|in plaats daarvan)\b.*$/i, '')
      .replace(/[?.!\s]+$/, ''),
    200,
  );
  if (reading.tentative)
    return { kind: 'unclear', offers: [{ label: `Move it to ${when}`, reply: `reschedule ${when}` }, KEEP_AS_NOTE(line)], why: 'question' };
  return { kind: 'command', command: { type: 'reschedule', when }, alsoNote: false };
}

/** Whether a line says nothing to keep: a greeting, thanks, a sign-off, "ok", alone or with a name ("Hi Alex,", "Thanks, Priya!"). */
export function saysNothing(line: string): boolean {
  // Greetings and sign-offs are short; the name pattern below is not read on a long line.
  if (line.length > MAX_NOTHING_CHARS) return false;
  const folded = fold(line)
    .replace(/[\s,.!:;…-]+$/, '')
    .replace(/^[-–—\s]+/, '')
    .trim();
  if (!folded || /^[\p{P}\p{S}\s]+$/u.test(folded)) return true;
  if (NOTHING.has(folded)) return true;
  // "Hi Alex", "Thanks Priya": the words before a name of one or two capitalised words.
  const named = /^(.+?)[\s,]+(\p{Lu}[\p{L}'-]*(?:\s\p{Lu}[\p{L}'-]*)?)[\s,.!]*$/u.exec(line.trim());
  return !!named && NOTHING.has(fold(named[1]!).replace(/[\s,!]+$/, ''));
}

export function isSignOff(line: string): boolean {
  if (line.length > MAX_NOTHING_CHARS) return false;
  return SIGN_OFFS.has(
    fold(line)
      .replace(/[\s,.!:;-]+$/, '')
      .trim(),
  );
}

/** A line that is a name or a title: a signature's ("Alex Morgan", "Senior Analyst", "Acme Robotics · Berlin"). */
export function looksLikeSignatureLine(line: string): boolean {
  const text = line.trim();
  if (text.length > 60 || /[.!?:;]$/.test(text)) return false;
  const parts = text.split(/[\s|·,/()-]+/).filter(Boolean);
  return (
    parts.length > 0 && parts.length <= 5 && parts.every((part) => /^(?:\p{Lu}[\p{L}'.&]*|&|\+?[\d\s]{3,}|of|at|de|und|and)$/u.test(part))
  );
}

/** What a line says: a command, nothing, something to ask about; undefined for a note. */
export function readIntent(line: string, context: IntentContext = {}): LineIntent | undefined {
  const text = line.trim();
  if (text.length > MAX_INTENT_CHARS) return undefined;
  if (saysNothing(text)) return { kind: 'nothing' };
  // A move is read on the whole line: its date may hold commas and dots ("Donnerstag, 5. März").
  if (readClause(text).verbs.includes('move')) return clauseIntent(text, text, context);
  const clauses = text.split(/\s*[,;!.]+(?:\s+|$)|\s+[-–—]\s+|\s+(?:and|und|et|y|e|en)\s+(?=\S)/).filter((clause) => clause.trim());
  let found: LineIntent | undefined;
  let saysMore = false;
  for (const clause of clauses) {
    if (saysNothing(clause)) continue;
    const intent = clauseIntent(clause, text, context);
    if (!intent) saysMore = true;
    else if (intent.kind === 'unclear' && intent.why === 'tentative' && found?.kind === 'command') continue;
    else if (
      !found ||
      found.kind === 'nothing' ||
      (intent.kind === 'command' && found.kind === 'command' && sameCommand(found.command, intent.command))
    )
      found = intent;
    else if (intent.kind !== 'nothing') return { kind: 'unclear', offers: [KEEP_AS_NOTE(text)], why: 'two commands' };
  }
  // A move reads the whole clause; the rest of a line with a command in it is a note of its own.
  if (found?.kind === 'command') return { ...found, alsoNote: saysMore && found.command.type !== 'reschedule' };
  if (found?.kind === 'nothing' && saysMore) return undefined;
  return found;
}

function sameCommand(a: IntentCommand, b: IntentCommand): boolean {
  return a.type === b.type;
}
