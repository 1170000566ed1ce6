import { boundedText } from '../commons/bounded-text';
import { EmailAddress, LIMITS } from './model';
import { didYouMean, introducedByName, introductionStatus, readContactLine, readNaturalCommand } from './natural-commands';
import { COMMAND_KEYS, COMMAND_WORDS, readCommandLine, type ReplyCommand, showCommand } from './reply-commands';
import { type IntentContext, isSignOff, looksLikeSignatureLine, type Offer, readIntent } from './reply-intent';

/**
 * A reply read line by line (docs/reply-commands.md): a command in its own form
 * (reply-commands.ts), a command in the user's own words (reply-intent.ts), nothing (greetings,
 * thanks, a signature), a line to ask about, or a note.
 */

export interface ParsedReply {
  commands: ReplyCommand[];
  /** The lines that are not commands, as the user wrote them. */
  note: string;
  /** Addresses mentioned in the note, offered as referrals. */
  mentionedAddresses: { name?: string; email: string }[];
  /** People the note says the user was introduced to by name only ("offered to introduce me to Dana Kim"): their address is asked for. */
  introducedByName: string[];
  /** Lines that looked like commands but could not be read, with why. */
  problems: string[];
  /** Lines said in the user's own words, and the command each was read as: the acknowledgement repeats them. */
  readAs: string[];
  /** Lines that say nothing to keep: greetings, thanks, sign-offs, the signature. */
  ignored: string[];
  /** Lines that may be a command but not surely: nothing was done; the answer asks. */
  unclear: UnclearLine[];
}

/** A line in the user's own words: the command it says, and whether the line is also a note. */
/**
 * A command said in the user's own words, or, for a referral without a usable address, the person
 * it names (asked for their address), read from the one reading of the line.
 */
function readNaturalLine(
  line: string,
): { command: ReplyCommand; keepAsNote: boolean } | { namedOnly: string | undefined } | { unsure: Offer[] } | undefined {
  const natural = readNaturalCommand(line);
  if (!natural) return undefined;
  const said = natural.command;
  if (said.type !== 'referral') return { command: said, keepAsNote: natural.restIsNote };
  const { name, email, context } = readContactLine(said.rest);
  if (!email || !EmailAddress.safeParse(email).success) return { namedOnly: introducedByName(said.rest) };
  const status = introductionStatus(line);
  // Made or only offered decides whom the draft goes to: when the sentence does not say, it is asked.
  if (status === 'unsure') return { unsure: introductionOffers(said.rest) };
  const offered = status === 'offered' ? { offered: true as const } : {};
  return { command: { type: 'referral', email, ...(name ? { name } : {}), ...(context ? { context } : {}), ...offered }, keepAsNote: true };
}

/** The two readings of an introduction whose sentence did not say whether it was made, as one-tap answers. */
function introductionOffers(person: string): Offer[] {
  const who = boundedText(person, 200);
  return [
    { label: 'They introduced us already', reply: `They introduced me to ${who}` },
    { label: 'They offered to introduce us', reply: `They offered to introduce me to ${who}` },
  ];
}

function describeCommand(command: ReplyCommand): string {
  if (command.type === 'reschedule') return `reschedule ${command.when}`;
  if (command.type === 'referral') return `referral: ${command.name ? `${command.name} <${command.email}>` : command.email}`;
  return showCommand(command).command;
}

/** A line the reader was not sure of: nothing was done with it; the answer quotes it and offers the readings. */
export interface UnclearLine {
  line: string;
  offers: Offer[];
}

/** What a line of the reply is, read in the context of the email it answers. */
type LineReading =
  | { kind: 'problem'; problem: string }
  | { kind: 'command'; command: ReplyCommand; readAs?: string; alsoNote: boolean }
  | { kind: 'nothing' }
  | { kind: 'unclear'; offers: Offer[] }
  | { kind: 'note'; text: string; problem?: string; namedOnly?: string };

function readReplyLine(line: string, context: IntentContext): LineReading {
  const read = readCommandLine(line);
  if (typeof read === 'string') return { kind: 'problem', problem: read };
  // A bare command word means what the command list says wherever it is written ("done": the
  // meeting happened); the email replied to only colours sentences in the user's own words.
  if (read) return { kind: 'command', command: read, alsoNote: false };
  const noted = /^\s*note\s*:\s*(.+)$/i.exec(line);
  if (noted) return { kind: 'note', text: noted[1]! };
  const intent = readIntent(line, context);
  const quoted = boundedText(line.trim(), 120);
  if (intent?.kind === 'command') {
    const command = intent.command;
    return { kind: 'command', command, readAs: `I read “${quoted}” as “${describeCommand(command)}”.`, alsoNote: intent.alsoNote };
  }
  if (intent) return intent.kind === 'unclear' ? { kind: 'unclear', offers: intent.offers } : intent;
  // The English phrasings of natural-commands.ts are read by the intent reader; only the referral is read there.
  const natural = readNaturalLine(line);
  if (natural && 'unsure' in natural) return { kind: 'unclear', offers: natural.unsure };
  if (natural && 'command' in natural && natural.command.type === 'referral')
    return {
      kind: 'command',
      command: natural.command,
      readAs: `I read “${quoted}” as “${describeCommand(natural.command)}”.`,
      alsoNote: natural.keepAsNote,
    };
  const suggestion = didYouMean(line, COMMAND_KEYS, COMMAND_WORDS);
  return {
    kind: 'note',
    text: line,
    ...(suggestion
      ? { problem: `“${boundedText(line.trim(), 80)}” is not a command I know — did you mean “${suggestion}”? I kept the line as a note.` }
      : {}),
    ...(natural && 'namedOnly' in natural && natural.namedOnly ? { namedOnly: natural.namedOnly } : {}),
  };
}

export function parseReply(text: string, context: IntentContext = {}): ParsedReply {
  const commands: ReplyCommand[] = [];
  const problems: string[] = [];
  const noteLines: string[] = [];
  const readAs: string[] = [];
  const namedOnly: string[] = [];
  const ignored: string[] = [];
  const unclear: UnclearLine[] = [];
  let signature = false;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) {
      noteLines.push(line);
      continue;
    }
    // After "Best regards" comes the signature: a name, a title, a company, a phone number.
    if (signature && looksLikeSignatureLine(line)) {
      ignored.push(line.trim());
      continue;
    }
    signature ||= isSignOff(line);
    const reading = readReplyLine(line, context);
    if (reading.kind === 'problem') problems.push(reading.problem);
    else if (reading.kind === 'nothing') ignored.push(line.trim());
    else if (reading.kind === 'unclear') unclear.push({ line: boundedText(line.trim(), 200), offers: reading.offers });
    else if (reading.kind === 'command') {
      commands.push(reading.command);
      if (reading.readAs) readAs.push(reading.readAs);
      if (reading.alsoNote) noteLines.push(line);
    } else {
      if (reading.namedOnly && !namedOnly.includes(reading.namedOnly)) namedOnly.push(boundedText(reading.namedOnly, LIMITS.name));
      if (reading.problem) problems.push(reading.problem);
      noteLines.push(reading.text);
    }
  }
  ignored.push(...dropSignature(noteLines));
  const note = boundedText(noteLines.join('\n').replace(/\n{3,}/g, '\n\n'), LIMITS.note);
  const referred = new Set(commands.flatMap((c) => ((c.type === 'referral' || c.type === 'contact') && c.email ? [c.email] : [])));
  const mentionedAddresses: ParsedReply['mentionedAddresses'] = [];
  for (const mention of findMentions(note)) {
    if (referred.has(mention.email)) continue;
    referred.add(mention.email);
    mentionedAddresses.push(mention);
  }
  return { commands, note, mentionedAddresses, introducedByName: namedOnly, problems, readAs, ignored, unclear };
}

/** A reply's last lines when they are a name and a title ("Alex", "Alex Morgan / Senior Analyst"): taken off the note, returned. */
function dropSignature(noteLines: string[]): string[] {
  let end = noteLines.length;
  while (end > 0 && !noteLines[end - 1]!.trim()) end--;
  let start = end;
  while (start > 0 && end - start < 3 && noteLines[start - 1]!.trim() && looksLikeSignatureLine(noteLines[start - 1]!)) start--;
  if (start === end) return [];
  const dropped = noteLines.slice(start, end).map((line) => line.trim());
  noteLines.splice(start);
  return dropped;
}

/**
 * A capitalised name of up to four words right before "<address>": "…talk to Bob Lee <bob@lee.io>".
 * Every repetition is bounded (a word to 40 letters, an address to RFC 5321's 64 + 253), so the
 * scan from each position of a long run of letters or spaces stops early, and a bare address
 * starts only where a word does: linear in the text.
 */
const MENTION =
  /((?:[A-Z][\p{L}'’.-]{0,40}\s{1,4}){0,3}[A-Z][\p{L}'’.-]{0,40})?\s{0,4}<([^<>\s@]{1,64}@[^<>\s@]{1,253}\.[A-Za-z]{2,63})>|(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63})/gu;

/** Addresses written in free text, with the name before them when there is one. */
export function findMentions(text: string): { name?: string; email: string }[] {
  return [...text.matchAll(MENTION)]
    .filter((m) => EmailAddress.safeParse(m[2] ?? m[3]).success)
    .map((m) => {
      const email = (m[2] ?? m[3]!).toLowerCase();
      const name = m[1]?.trim();
      return name ? { name: boundedText(name, LIMITS.name), email } : { email };
    });
}
