import { trimTrailing } from '../commons/bounded-text';
import type { Interview, Note } from './model';
import { INTRODUCTION_WORDS, offersAnIntroduction, saysAnIntroduction } from './natural-commands';

/**
 * What the user learned, read from their notes on an interview (issue 12). A note written before
 * the interview started is a question or a reminder to themselves; from the start on, it is what
 * they learned. Of the learned lines, only the ones a thank-you can quote back qualify: never a
 * command, a correction, logistics, an address, a link or quoted text. Pure and linear: every
 * pattern below is anchored or a plain alternation over bounded input (no nested quantifiers).
 */

/** Asked with the thank-you draft (issue 12): a reply to any email of the interview answers it. */
export const DEBRIEF_QUESTION = 'How did it go? Reply with two or three things you learned and anyone they suggested you talk to.';

/** A line longer than this is a paragraph, not something a thank-you quotes back. */
const MAX_INSIGHT_WORDS = 30;
/** Shorter than this is a fragment ("Great chat"), not a specific insight. */
const MIN_INSIGHT_WORDS = 4;
/** At most this many insights go in a draft: one or two specific things, never a list. */
const MAX_INSIGHTS = 2;
/** Notes are bounded in the model (10,000 characters); this bounds the lines read from all of them. */
const MAX_LINES_READ = 200;

interface NotesByTime {
  /** Written before the interview's start: questions and reminders (prep brief "Your notes"). */
  before: Note[];
  /** Written from the start on: what the user learned. */
  after: Note[];
}

export function notesByTime(notes: readonly Note[], interview: Pick<Interview, 'startUtc'>): NotesByTime {
  const start = Date.parse(interview.startUtc);
  const oldestFirst = [...notes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return {
    before: oldestFirst.filter((note) => Date.parse(note.createdAt) < start),
    after: oldestFirst.filter((note) => Date.parse(note.createdAt) >= start),
  };
}

/** The readable lines of notes: one sentence each, without bullets, quotes or blank lines. */
export function noteLines(notes: readonly Note[]): string[] {
  const lines: string[] = [];
  for (const note of notes) {
    for (const raw of note.text.split(/\r?\n/)) {
      if (/^\s*>/.test(raw)) continue;
      const line = raw
        .replace(/^[\s\-*•–]+/, '')
        .replace(/\s+/g, ' ')
        .trim();
      if (line) lines.push(line);
      if (lines.length >= MAX_LINES_READ) return lines;
    }
  }
  return lines;
}

/** Sentences of a line: split after . ! ? followed by a space and a capital or digit. */
export function sentencesOf(line: string): string[] {
  return line
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\d"“])/u)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

const CORRECTION =
  /^(?:quick |small |one )?(?:correction|fix|typo|update|erratum|note to self)\b|\b(?:actually|i meant|not \w+ but|should (?:be|read)|is spelled|spelling)\b/i;
const LOGISTICS =
  /\b(?:zoom|teams|meet\.google|google meet|webex|calendar|invite|invitation|reschedul\w*|running late|dial[- ]in|phone number|time zone|timezone|a\.m\.|p\.m\.|o'clock|tomorrow|tonight|parking|address|room \d+|floor \d+|link)\b|\b\d{1,2}[:.]\d{2}\b|\b\d{1,2} ?(?:am|pm)\b/i;
const PLEASANTRY =
  /^(?:thanks|thank you|thx|cheers|best|regards|hi|hello|hey|ok|okay|great chat|great call|good call|went well|it went (?:well|great|fine))\b/i;
const QUESTION_OR_REMINDER =
  /\?\s*$|^(?:want to|wanna|need to|remember to|don't forget|dont forget|ask (?:about|her|him|them|if|whether)|to ask|questions?:|todo|to do|prep:|before the call)\b/i;
/** A general impression ("Interesting stuff, lots of good advice"): nothing to say back. */
const VAGUE = /\b(?:stuff|things|lots of|a lot|interesting|great|helpful|useful|good advice)\b/i;
// `<[^<>]*>`, not `<[^>]*>`: from each `<` the scan stops at the next one, so a run of `<` costs linear time.
const ADDRESS_OR_LINK = /@|<[^<>]*>|https?:\/\/|www\./i;
const REFERRAL_ONLY =
  /^(?:she|he|they|\w+) (?:suggested|recommended|offered|said|told me)(?: that)?(?: i| me)? (?:to )?(?:talk|speak|reach out|chat|connect|write|email) (?:to|with)\b/i;

/** What the user did or will do ("I sent her my CV", "We swapped numbers", "I'll apply in May"): not something learned. */
const OWN_ACTION = /^(?:i|we)(?:'ll|'m|'ve|'d|’ll|’m|’ve|’d)?\s+(?!learned\b|learnt\b|found out\b|heard\b|realized\b|realised\b)[a-z]+/i;

/** Why a sentence is not an insight, or undefined when it can be one. */
export function notAnInsight(sentence: string): string | undefined {
  if (ADDRESS_OR_LINK.test(sentence)) return 'address or link';
  if (OWN_ACTION.test(sentence)) return 'own action';
  if (CORRECTION.test(sentence)) return 'correction';
  if (QUESTION_OR_REMINDER.test(sentence)) return 'question or reminder';
  if (REFERRAL_ONLY.test(sentence) || /\bintroduc\w* me to\b/i.test(sentence) || saysAnIntroduction(sentence)) return 'referral';
  if (LOGISTICS.test(sentence)) return 'logistics';
  if (PLEASANTRY.test(sentence)) return 'pleasantry';
  const words = sentence.split(' ').length;
  if (VAGUE.test(sentence) && !/\d/.test(sentence) && words <= 8) return 'vague';
  if (words < MIN_INSIGHT_WORDS) return 'too short';
  if (words > MAX_INSIGHT_WORDS) return 'too long';
  return undefined;
}

/**
 * How specific a sentence is: numbers, names and concrete nouns beat generalities. A reported
 * saying ("She said …") or a marked takeaway is what the user chose to remember.
 */
export function specificity(sentence: string): number {
  const words = sentence.split(' ');
  const names = words.slice(1).filter((word) => /^\p{Lu}[\p{L}\d&.-]+/u.test(word) && !/^I(?:'|’|$)/.test(word)).length;
  const numbers = (sentence.match(/\d+/g) ?? []).length;
  const reported =
    /^(?:she|he|they|\p{Lu}\p{L}+) (?:said|says|mentioned|explained|told me|pointed out|thinks|believes|recommended|suggested|advised)\b|^(?:key )?(?:takeaway|insight|learned|lesson|advice|tip)\b|^i learned\b/iu.test(
      sentence,
    )
      ? 2
      : 0;
  const vague = /\b(?:interesting|great|nice|good|helpful|useful|lots of|a lot|stuff|things)\b/i.test(sentence) ? 2 : 0;
  const length = Math.min(words.length, 18) / 6;
  return names * 1.5 + numbers * 1.5 + reported + length - vague;
}

export interface Insight {
  /** The sentence as the user wrote it (trimmed, without its final stop). */
  original: string;
  /** The same, as the thank-you says it to the contact: "what you said about the team hiring in spring". */
  phrase: string;
  score: number;
}

/**
 * An introduction tacked onto what was learned ("She said the team hires in spring and offered to
 * introduce me to Dana <dana@acme.io>") is thanked for on its own; the insight before it stays.
 */
// Note lines have their white space folded to single spaces (noteLines), so no run is repeated here.
const INTRODUCTION_CLAUSE = new RegExp(String.raw`,? (?:and|but) (?:(?:she|he|they) ?)?(?:also )?(?:${INTRODUCTION_WORDS})\b`, 'i');

function withoutIntroduction(sentence: string): string {
  // Curly apostrophes made straight one for one ("she’ll"), so the index still fits the sentence.
  const clause = INTRODUCTION_CLAUSE.exec(sentence.replace(/’/g, "'"));
  return clause && clause.index > 0 ? sentence.slice(0, clause.index) : sentence;
}

/** "… and said X" inside a reported sentence: a second saying, read on its own with the sentence's subject. */
const SECOND_SAYING = /,? and (?:(?:she|he|they) )?((?:also )?(?:said|mentioned|explained|told me|pointed out|noted|stressed|added) .+)$/i;

/** "She recommended the book and said hardware is a plus" → "She recommended the book", "She said hardware is a plus". */
function reportedParts(sentence: string): string[] {
  const second = SECOND_SAYING.exec(sentence);
  const subject = /^(?:she|he|they|\p{Lu}\p{L}+)\s/iu.exec(sentence)?.[0];
  if (!second || !subject || second.index === 0) return [sentence];
  return [sentence.slice(0, second.index), `${subject}${second[1]!.replace(/^also /i, '')}`];
}

/** The most specific one or two things learned, in the order the user wrote them; `lines` are the notes' noteLines. */
export function insightsFrom(lines: readonly string[], knownNames: readonly string[] = []): Insight[] {
  const candidates: Insight[] = [];
  const names = namesIn([...lines, ...knownNames]);
  for (const name of knownNames) for (const word of name.split(' ')) if (/^\p{Lu}/u.test(word)) names.add(word);
  for (const line of lines) {
    for (const sentence of sentencesOf(line)) {
      for (const part of reportedParts(trimTrailing(withoutIntroduction(sentence), /[.!;:,\s]/))) {
        const clean = trimTrailing(part, /[.!;:,\s]/);
        if (notAnInsight(clean)) continue;
        const phrase = toSecondPerson(clean, names);
        if (phrase) candidates.push({ original: clean, phrase, score: specificity(clean) });
      }
    }
  }
  const best = [...candidates].sort((a, b) => b.score - a.score).slice(0, MAX_INSIGHTS);
  // A second insight only when it is nearly as specific as the first: one strong line beats two.
  const chosen = best.filter((insight, index) => index === 0 || insight.score >= best[0]!.score * 0.75);
  return candidates.filter((insight) => chosen.includes(insight));
}

const SUBJECT_PRONOUN: Record<string, string> = { she: 'you', he: 'you', they: 'you' };
const REFLEXIVE: Record<string, string> = { herself: 'yourself', himself: 'yourself', themselves: 'yourself' };
/** Verbs whose -s form follows "she/he" and changes with "you". */
const THIRD_PERSON_VERBS: Record<string, string> = {
  is: 'are',
  was: 'were',
  has: 'have',
  does: 'do',
  "doesn't": "don't",
  "isn't": "aren't",
  "wasn't": "weren't",
  "hasn't": "haven't",
};

/** Turns the contact in the third person into "you": "her team" → "your team", "she is" → "you are". */
function addressTheContact(clause: string): string {
  const words = clause.split(' ');
  return words
    .map((word, index) => {
      const lower = word.toLowerCase();
      const previous = words[index - 1]?.toLowerCase();
      if (SUBJECT_PRONOUN[lower] && lower !== 'they') return 'you';
      if (REFLEXIVE[lower]) return REFLEXIVE[lower];
      if (lower === 'him') return 'you';
      if (previous && (previous === 'she' || previous === 'he') && THIRD_PERSON_VERBS[lower]) return THIRD_PERSON_VERBS[lower];
      if (previous && (previous === 'she' || previous === 'he') && /^[a-z]+s$/.test(lower) && !lower.endsWith('ss'))
        return lower
          .replace(/ies$/, 'y')
          .replace(/(sh|ch|x|z|ss)es$/, '$1')
          .replace(/s$/, '');
      if (lower === 'her' || lower === 'his') {
        const next = words[index + 1];
        // "her team" is possessive; "told her", "asked her." an object.
        return next && /^[a-z]/.test(next) && !/^(?:and|or|to|that|about|for|in|on|at|with|if|when)$/.test(next) ? 'your' : 'you';
      }
      return word;
    })
    .join(' ');
}

/** "hires" → "hiring", "ships" → "shipping", "is" → "being"; undefined for what is not a -s verb. */
function gerund(verb: string): string | undefined {
  const irregular: Record<string, string> = {
    has: 'having',
    does: 'doing',
    goes: 'going',
    lets: 'letting',
    gets: 'getting',
    puts: 'putting',
    sets: 'setting',
    runs: 'running',
    plans: 'planning',
    ships: 'shipping',
  };
  if (irregular[verb]) return irregular[verb];
  // Plural nouns of people and things ("managers", "engineers", "students") are not verbs.
  if (!/^[a-z]{3,}s$/.test(verb) || /(?:ss|us|is|as|ers|ors|ists|ians|ants|ents|ees|ments|tions)$/.test(verb)) return undefined;
  let stem = verb.replace(/ies$/, 'y').replace(/(sh|ch|x|z|ss|o)es$/, '$1');
  if (stem === verb) stem = verb.slice(0, -1);
  // One short vowel before one consonant doubles it: "sits" → "sitting", "plans" → "planning" (not "hires" → "hiring").
  if (/^[^aeiou]*[aeiou][bdgmnprt]$/.test(stem)) stem += stem.slice(-1);
  else if (/[^e]e$/.test(stem)) stem = stem.slice(0, -1);
  return `${stem}ing`;
}

/** Whether an "and" after the verb at `verbAt` joins a second -s verb ("… and values …"). */
function secondVerbAfter(words: readonly string[], verbAt: number): boolean {
  return words.some((word, index) => index > verbAt && word === 'and' && gerund((words[index + 1] ?? '').toLowerCase()) !== undefined);
}

const FOLLOWS_A_VERB =
  /^(?:in|on|at|to|for|with|from|by|about|every|each|the|a|an|all|most|only|mostly|early|late|its|their|through|after|before|once|\d+)$/i;
const DETERMINER = /^(?:the|your|my|our|a|an|this|that|every|each|their)$/i;

/**
 * "the team hires in spring" → "the team hiring in spring": a short noun phrase with a determiner
 * and an -s verb reads as a gerund clause; anything else is said with "how".
 */
function aboutClause(clause: string): string {
  const words = clause.split(' ');
  const firstWord = words[0] ?? '';
  if (DETERMINER.test(firstWord)) {
    for (let verbAt = 1; verbAt <= 4 && verbAt < words.length; verbAt++) {
      const form = gerund(words[verbAt]!.toLowerCase());
      // Only a verb followed by a preposition, a determiner or a number: "roles require" stays as written.
      if (form && FOLLOWS_A_VERB.test(words[verbAt + 1] ?? '')) {
        // "the team hires in spring and values visits": one gerund would leave the second verb stranded.
        if (secondVerbAfter(words, verbAt)) break;
        return [...words.slice(0, verbAt), form, ...words.slice(verbAt + 1)].join(' ');
      }
      if (!/^[\p{L}'’&-]+$/u.test(words[verbAt]!)) break;
    }
  }
  if (/^(?:how|why|what|when|where|whether)\b/i.test(clause)) return clause;
  // "working with hardware teams" is a topic; "hiring freezes rarely last long" a clause.
  if (/^[a-z]+ing\b/.test(clause) && !words.slice(1, 6).some((word) => AUXILIARY.test(word))) return clause;
  return `how ${clause}`;
}

/**
 * The clause after a reporting verb, lower-cased at its start unless it starts with "I", an
 * acronym or a name — a word the notes (or the interview) also write capitalized mid-sentence.
 */
function lowerStart(clause: string, names: ReadonlySet<string>): string {
  const first = clause.split(' ')[0] ?? '';
  if (/^I(?:'|’|$)/.test(first) || /^\p{Lu}[\p{Ll}]+\p{Lu}|^\p{Lu}{2,}/u.test(first)) return clause;
  if (names.has(first.replace(/[’']s$/, ''))) return clause;
  return clause.charAt(0).toLowerCase() + clause.slice(1);
}

/** Words written capitalized after a sentence's first word: the names in these notes. */
export function namesIn(texts: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/(?<=[\p{L},;] )\p{Lu}[\p{L}&-]+/gu)) names.add(match[0]);
  }
  return names;
}

const REPORTED =
  /^(?:she|he|they|\p{Lu}\p{L}+) (?:said|says|mentioned|explained|told me|pointed out|noted|thinks|believes|stressed|emphasi[sz]ed)(?: that)? (.+)$/iu;
const ADVISED =
  /^(?:she|he|they|\p{Lu}\p{L}+) (?:recommended|recommends|suggested|suggests|advised|advises)(?: that)?(?: i| me to| me)? (.+)$/iu;
const MARKED = /^(?:key )?(?:takeaway|insight|learned|lesson|note)s?\s*[:—–-]\s*(.+)$/i;
const ADVICE_MARKED = /^(?:advice|tip|her advice|his advice|their advice)\s*[:—–-]\s*(.+)$/i;
/** "Also:", "PS:", "Oh, and": how a later note starts, not what it says. */
const LEADING_FILLER = /^(?:also|and|ps|p\.s\.|oh,? and|plus|btw|one more thing)\s*[:,—–-]?\s+/i;
const OFFERED_TO = /^(?:she|he|they|\p{Lu}\p{L}+) (?:(?:also )?(?:offered|promised|agreed)) to (.+)$/iu;
const I_LEARNED = /^i (?:learned|learnt|found out|heard|realized|realised)(?: that)? (.+)$/i;

/**
 * The sentence as the user would say it to the contact, in their own voice: a reported saying
 * becomes "what you said about …", advice "your advice to …"; undefined when nothing is left.
 */
export function toSecondPerson(written: string, names: ReadonlySet<string> = new Set()): string | undefined {
  const sentence = written.replace(LEADING_FILLER, '');
  const offered = OFFERED_TO.exec(sentence);
  if (offered) return `your offer to ${addressTheContact(offered[1]!)}`;
  const advised = ADVISED.exec(sentence) ?? ADVICE_MARKED.exec(sentence);
  if (advised) {
    const advice = addressTheContact(lowerStart(advised[1]!, names));
    if (/^(?:i|we) /i.test(advice)) return `your suggestion that ${advice}`;
    if (/^[a-z]+ing\b/.test(advice)) return `your advice about ${advice}`;
    // A thing recommended, not a thing to do: "the “Inspired” book", "Kubernetes", "their podcast".
    if (/^(?:the|a|an|this|that|these|those|your|their|its|some|two|three|[“"'‘]|\p{Lu})/u.test(advice))
      return `your recommendation of ${advice}`;
    return `your advice to ${advice.replace(/^to /, '')}`;
  }
  const reported = REPORTED.exec(sentence) ?? MARKED.exec(sentence) ?? I_LEARNED.exec(sentence);
  const clause = reported ? reported[1]! : sentence;
  const spoken = addressTheContact(lowerStart(clause, names));
  if (!spoken.trim()) return undefined;
  if (/^you /.test(spoken)) return `what you said about how ${spoken}`;
  const about = aboutClause(spoken);
  return about.startsWith('how ') && !readsAsAClause(spoken) ? inTheirWords(sentence) : `what you said about ${about}`;
}

const AUXILIARY =
  /^(?:is|are|was|were|has|have|had|will|would|can|could|should|must|may|might|does|do|did|rarely|often|usually|always|never|sometimes)$/i;

/** Finite verbs a clause's subject is followed by: "how <subject> <verb> …" then reads. */
const FINITE =
  /^(?:is|are|was|were|has|have|had|will|would|can|could|should|must|may|might|does|do|did|isn't|aren't|wasn't|doesn't|don't|won't|can't|[a-z]{3,}(?:s|ed))$/;

/** Whether a clause has a subject and then a verb within its first words ("hardware background is a big plus"). */
function readsAsAClause(clause: string): boolean {
  const words = clause.split(' ');
  // A plural subject takes a verb without -s: "launches slip twice a year".
  if (/^[a-z]{3,}s$/.test(words[0] ?? '') && /^[a-z]+$/.test(words[1] ?? '')) return true;
  return words.slice(1, 6).some((word) => FINITE.test(word));
}

/** The mark the draft shows where the user's own words stand in: they rephrase before sending. */
export const REPHRASE_MARK = '[rephrase in your own words]';

/**
 * No rewrite applies: the note quoted as the user wrote it, in a sentence that is grammatical
 * whatever the quote holds, marked for them to rephrase.
 */
export function inTheirWords(sentence: string): string {
  return `what you shared — my note says “${sentence.replace(/[“”]/g, '"')}” ${REPHRASE_MARK}`;
}

/** Whether the notes' lines (noteLines) say the contact offered to introduce the user to this person, rather than did. */
export function introductionOffered(lines: readonly string[], name: string): boolean {
  const first = name.split(' ')[0] ?? name;
  return lines.some((line) => line.includes(first) && offersAnIntroduction(line));
}

/** Names the contact introduced the user to, from the notes' lines (noteLines): "She offered to introduce me to Dana Kim". */
export function introductionsIn(lines: readonly string[]): string[] {
  const names: string[] = [];
  const pattern =
    /\b(?:introduc\w* me to|put me in touch with|connect me with|talk to|speak (?:to|with)|reach out to)\s+((?:\p{Lu}[\p{L}'’-]+)(?: \p{Lu}[\p{L}'’-]+){0,2})/u;
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match && !names.includes(match[1]!)) names.push(match[1]!);
  }
  return names;
}
