import { boundedText, trimTrailing } from '../commons/bounded-text';
import { LIMITS } from './model';

/**
 * The user's own words for the reply commands: "Sent it, thanks!", "just sent it", "cancelled,
 * sorry", "moved to Friday 10am", "she referred me to Dana Smith <dana@acme.io>". Each pattern
 * reads the first clause of a line, anchored at both ends and without nested repetition, so a
 * sentence that merely mentions a word ("I sent her my CV") stays a note. Also the contact shapes
 * people write, and the near-misses worth a "did you mean …?".
 */

type NaturalCommand =
  | { type: 'sent' }
  | { type: 'cancel' }
  | { type: 'done' }
  | { type: 'no-show' }
  | { type: 'reschedule'; when: string }
  | { type: 'referral'; rest: string };

/** A command said in a sentence is short; longer lines are notes. */
const MAX_NATURAL_CHARS = 160;

const SUBJECT = String.raw`(?:(?:i|we|she|he|they|it|this|the (?:meeting|call|chat|interview|coffee))(?:'s|'ve|\s+(?:was|is|has been|have|had|got))?\s+)?`;
const SENT = new RegExp(
  String.raw`^${SUBJECT}(?:just |already |finally )?(?:sent|mailed|emailed)(?: (?:it|them|the thank[- ]?you(?: note| email)?|my thank[- ]?you(?: note| email)?|the note|the email|the thanks))?(?: already| just now| today)?$`,
);
const THANK_YOU_SENT = /^(?:the )?thank[- ]?you(?: note| email)? (?:is |was |has been )?sent$/;
const CANCEL = new RegExp(String.raw`^${SUBJECT}(?:cancel(?:l?ed)?|called off|called it off|off)(?: it)?$`);
const DONE = new RegExp(
  String.raw`^${SUBJECT}(?:done|happened|went well|went great|took place|met(?: (?:her|him|them|today|yesterday))?)$`,
);
const NO_SHOW = new RegExp(String.raw`^(?:no[- ]show|${SUBJECT}(?:didn't|did not|never) (?:show(?: up)?|turn up|come|join))$`);
const MOVED = new RegExp(String.raw`^${SUBJECT}(?:moved|rescheduled|pushed(?: back)?|postponed|shifted|changed)(?: it)? to (.+)$`);
/** Words that say the contact made an introduction, or pointed the user to someone. */
const MADE_INTRODUCTION = String.raw`referred me to|introduced me to|put me in touch with|connected me with|suggested (?:that )?i (?:talk to|contact|reach out to|speak (?:to|with)|email|write to)|recommended (?:that )?i (?:talk to|contact|reach out to)`;
/** Words that say the contact offered one: "offered to introduce me to", "she'll also connect me with". */
const OFFERED_INTRODUCTION = String.raw`(?:(?:offered|promised|agreed) to|will|would|'ll|'d|is going to|are going to)(?: also)? (?:introduce me to|connect me with|put me in touch with)`;
/**
 * Every way of saying an introduction, made or offered: one list for the reply commands and for
 * telling an introduction from an insight (domain/learned.ts). A plain alternation: linear.
 */
export const INTRODUCTION_WORDS = `${MADE_INTRODUCTION}|${OFFERED_INTRODUCTION}`;
/** An offered introduction is the referral the intro-request draft follows up, like a made one. */
const REFERRED = new RegExp(String.raw`\b(?:${INTRODUCTION_WORDS})\s+(.+)$`, 'i');
const OFFERED = new RegExp(String.raw`\b(?:${OFFERED_INTRODUCTION})\b`, 'i');
/**
 * A verb of introducing in any form but the past ("could introduce me to", "introduce me to"):
 * a referral too, made or offered as introductionStatus reads it, or asked about.
 */
const INTRODUCING = /\b(?:introduc(?:e|es|ing) me to|connect(?:s|ing)? me with|put(?:s|ting)? me in touch with)\s+(.+)$/i;

/** Whether a sentence says the contact offered an introduction (not made it yet): the thank-you thanks for the offer. */
export function offersAnIntroduction(sentence: string): boolean {
  return OFFERED.test(sentence.replace(/’/g, "'")) || introductionStatus(sentence) === 'offered';
}

/** The verbs that make an introduction, in any form; "put" (me in touch) is the same word in the present and the past. */
const INTRODUCING_VERB = /\b(introduc(?:e|es|ed|ing)|connect(?:s|ed|ing)?|put(?:s|ting)?|refer(?:s|red|ring)?)\s+me\b/i;
/** The verb's own form: a past form says it happened, an -ing form that it is under way, a base form nothing alone. */
const PAST_FORM = /(?:ed|^put)$/i;
const UNDER_WAY_FORM = /ing$/i;
/** What may stand just before the verb to make it not done yet: the infinitive's "to", a modal or its contraction. */
const NOT_YET_MARKER = /^(?:to|will|would|can|could|shall|may|might|should|gonna|wanna)$|'(?:ll|d)$/i;
/** How far back from the verb a marker is looked for ("she'll also gladly put me in touch": three words). */
const MARKER_WORDS_BEFORE = 3;

/**
 * Whether an introduction was made or only offered, read from the verb's form and what governs it
 * rather than from a list of phrases: under "to" or a modal ("offered to introduce", "she'll put
 * me in touch", "would be happy to connect me") or in an -ing form it is `offered`; a past form
 * with nothing of that kind before it ("introduced me", "has connected me", "she put me in touch")
 * is `made`; a bare base form ("introduce me to Dana") is `unsure`, and the reply asks. A sentence
 * that points the user to someone without a verb of introducing ("suggested I talk to") is `made`:
 * the user writes to that person themselves. Undefined: no introduction at all.
 */
export function introductionStatus(sentence: string): 'made' | 'offered' | 'unsure' | undefined {
  const straight = sentence.replace(/’/g, "'");
  const verb = INTRODUCING_VERB.exec(straight);
  if (!verb) return REFERRED.test(straight) ? 'made' : undefined;
  const before = straight.slice(0, verb.index).trim().split(/\s+/).filter(Boolean).slice(-MARKER_WORDS_BEFORE);
  if (before.some((word) => NOT_YET_MARKER.test(word.replace(/[^\p{L}']/gu, ''))) || UNDER_WAY_FORM.test(verb[1]!)) return 'offered';
  if (PAST_FORM.test(verb[1]!) && before.length > 0) return 'made';
  return 'unsure';
}

/** Whether a sentence says the contact made or offered an introduction: a referral, not an insight. */
export function saysAnIntroduction(sentence: string): boolean {
  return REFERRED.test(sentence.replace(/’/g, "'"));
}
/** A person's name as people write it after an introduction: one to three capitalised words. */
const INTRODUCED_NAME = /^\p{Lu}[\p{L}'’-]{0,40}(?: \p{Lu}[\p{L}'’-]{0,40}){0,2}/u;
/** What may follow a command on its line without being a note: "thanks", "sorry", "cheers". */
const PLEASANTRIES = /^(?:thanks?(?: you| so much| a lot)?|thx|ty|sorry|cheers|ok|okay|great|done|yes|yep|finally|as promised|fyi)$/;

/** The command a line says in plain words, and whether the rest of the line is a note of its own. */
export function readNaturalCommand(line: string): { command: NaturalCommand; restIsNote: boolean } | undefined {
  const text = line.trim();
  if (!text || text.length > MAX_NATURAL_CHARS) return undefined;
  // The apostrophes made straight, one for one: a tail of this is the same length as the line's.
  const straight = text.replace(/’/g, "'");
  const referred = REFERRED.exec(straight) ?? INTRODUCING.exec(straight);
  if (referred) return { command: { type: 'referral', rest: text.slice(text.length - referred[1]!.length) }, restIsNote: true };
  const lower = straight.toLowerCase();

  const stripped = text.replace(/[.!]+$/, '');
  const moved = MOVED.exec(lower.replace(/[.!]+$/, ''));
  // The time is the tail of the line: "moved to Friday 10am" → "Friday 10am".
  if (moved)
    return {
      command: { type: 'reschedule', when: boundedText(stripped.slice(stripped.length - moved[1]!.length), 200) },
      restIsNote: false,
    };
  const [first = '', ...others] = lower.split(/\s*[,;!.]+\s*|\s+[-–—]\s+/).filter(Boolean);
  const command = firstClauseCommand(first);
  if (!command) return undefined;
  return { command, restIsNote: !others.every((clause) => PLEASANTRIES.test(clause)) };
}

function firstClauseCommand(clause: string): NaturalCommand | undefined {
  if (SENT.test(clause) || THANK_YOU_SENT.test(clause)) return { type: 'sent' };
  if (CANCEL.test(clause) && clause !== 'off') return { type: 'cancel' };
  if (NO_SHOW.test(clause)) return { type: 'no-show' };
  if (DONE.test(clause)) return { type: 'done' };
  return undefined;
}

/**
 * The person a referral names, when it gives no address: `rest` is what a line said after the
 * introduction words (the `rest` of readNaturalCommand's referral), "Dana Kim" of "She offered to
 * introduce me to Dana Kim"; the reply's answer asks for the address. Undefined for "people on the
 * platform team", which names no one.
 */
export function introducedByName(rest: string): string | undefined {
  if (!rest || rest.includes('@')) return undefined;
  const name = INTRODUCED_NAME.exec(rest)?.[0];
  // A possessive ("Stripe's CTO", "Dana's team") names a company or a group, not the person.
  return name && !/['’]s(?: |$)/.test(name) ? name : undefined;
}

/**
 * A person and their address in the shapes people write: `Name <email>`, `Name (email)`,
 * `Name, email`, `email (Name)`, a bare address; context after a dash or a comma
 * ("Dana Smith <dana@acme.io> — runs the hardware team").
 */
export function readContactLine(text: string): { name?: string; email?: string; context?: string } {
  const line = text.trim().slice(0, LIMITS.note);
  // A well-formed address, else anything with an "@" — so a typo is reported as "not an email address", not lost.
  const address =
    /[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}/.exec(line) ?? /[^\s<>()[\],;]{1,64}@[^\s<>()[\],;]{1,253}/.exec(line);
  if (!address) return line ? { name: boundedText(line.replace(/^["']|["']$/g, ''), LIMITS.name) } : {};
  const email = address[0].toLowerCase();
  let before = line.slice(0, address.index).trim();
  let after = line.slice(address.index + address[0].length).trim();
  if (/[<([]$/.test(before) && /^[>)\]]/.test(after)) {
    before = before.slice(0, -1).trim();
    after = after.slice(1).trim();
  }
  before = trimTrailing(before.replace(/^(?:mailto:)/i, ''), /[\s,;:]/)
    .replace(/^["']|["']$/g, '')
    .trim();
  let name = before || undefined;
  // "dana@acme.io (Dana Smith)": the name follows in brackets.
  const bracketed = /^\(([^()]{1,200})\)/.exec(after);
  if (!name && bracketed) {
    name = bracketed[1]!.trim();
    after = after.slice(bracketed[0].length).trim();
  }
  const rest = after.replace(/^[\s,;:—–-]+/, '').trim();
  // A sentence's closing stop alone is not context: "… Dana Kim <dana@acme.io>." has none.
  const context = /^[.!?]*$/.test(rest) ? '' : rest;
  return {
    ...(name ? { name: boundedText(name, LIMITS.name) } : {}),
    email,
    ...(context ? { context: boundedText(context, LIMITS.note) } : {}),
  };
}

/** Words a short note may start with that are one or two letters from a command ("none", "gone", "rule"). */
const ORDINARY_WORDS = new Set([
  'none',
  'gone',
  'dine',
  'dune',
  'rule',
  'role',
  'sent',
  'send',
  'rent',
  'scent',
  'cancer',
  'contract',
  'content',
  'context',
  'digits',
  'pitch',
  'patch',
  'notes',
  'note',
  'date',
  'time',
  'subject',
  'from',
  'to',
  'cc',
]);

/** "did you mean …?" for a line that looks like a command but is not one: "cancle", "referal: …", "compnay: Acme". */
export function didYouMean(line: string, commandKeys: readonly string[], commandWords: readonly string[]): string | undefined {
  const text = line.trim().toLowerCase();
  if (!text || text.length > 80) return undefined;
  const keyed = /^([a-z][a-z -]{1,14}?)\s*:/.exec(text);
  if (keyed) {
    const key = keyed[1]!.trim();
    if (commandKeys.includes(key) || ORDINARY_WORDS.has(key)) return undefined;
    const near = nearest(key, commandKeys);
    return near ? `${near}:` : undefined;
  }
  const words = text.replace(/[.!]+$/, '').split(/\s+/);
  const first = words[0] ?? '';
  // A single word, or a misspelt reschedule with its time after it ("reshcedule friday 3pm").
  if (words.length > 1 && nearest(first, ['reschedule']) === undefined) return undefined;
  if (first.length < 4 || commandWords.includes(first) || commandKeys.includes(first) || ORDINARY_WORDS.has(first)) return undefined;
  const near = nearest(first, commandWords);
  return near ? (words.length > 1 ? `${near} ${words.slice(1).join(' ')}` : near) : undefined;
}

function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: { word: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    const allowed = candidate.length >= 7 ? 2 : 1;
    if (distance > 0 && distance <= allowed && (!best || distance < best.distance)) best = { word: candidate, distance };
  }
  return best?.word;
}

/** Damerau–Levenshtein (optimal string alignment) on short words: at most 15 × 15 cells. */
function editDistance(a: string, b: string): number {
  if (a.length > 15 || b.length > 15) return Infinity;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}
