import { boundedText } from '../commons/bounded-text';
import { FOLLOW_UP_COMMANDS, type FollowUpCommand, readFollowUpLine } from './follow-up-commands';
import { EmailAddress, LIMITS, ThankYouTone } from './model';
import { didYouMean, introducedByName, readContactLine, readNaturalCommand } from './natural-commands';

/**
 * What a user can say by replying (DESIGN.md "Reply commands"): one command per line,
 * case-insensitive; every other line is a note on the interview. Pure parsing — what a
 * command does is the reply workflow's business.
 */
export type ReplyCommand =
  | { type: 'sent' }
  | { type: 'cancel' }
  | { type: 'reschedule'; when: string }
  | { type: 'done' }
  | { type: 'no-show' }
  | { type: 'company'; value: string }
  | { type: 'role'; value: string }
  | { type: 'contact'; name?: string; email?: string }
  | { type: 'referral'; name?: string; email: string; context?: string }
  | { type: 'pitch'; value: string }
  | { type: 'name'; value: string }
  | { type: 'thank-you-tone'; tone: ThankYouTone }
  | { type: 'timezone'; value: string }
  | { type: 'digest'; off: true }
  | { type: 'digest'; off: false; weekday: number; time: string }
  | { type: 'delete-data'; confirmed: boolean }
  | FollowUpCommand;

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
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** "Jane Doe <jane@acme.com> — met at …", "Jane Doe (jane@acme.com)", "jane@acme.com (Jane Doe)", "Jane Doe, jane@acme.com" → parts. */
export function readNamedAddress(text: string): { name?: string; email?: string; context?: string } {
  return readContactLine(text);
}

function readDigest(value: string): ReplyCommand | string {
  const v = value.trim().toLowerCase();
  if (v === 'off' || v === 'stop' || v === 'none') return { type: 'digest', off: true };
  const match = /^([a-z]+)\s+(\d{1,2}):(\d{2})$/.exec(v);
  const weekday = match ? WEEKDAYS.findIndex((d) => d.startsWith(match[1]!) && match[1]!.length >= 3) + 1 : 0;
  if (!match || weekday === 0) return 'digest: write "off" or a day and time, e.g. "digest: monday 08:00"';
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  if (hour > 23 || minute > 59) return `digest: ${value.trim()} is not a time of day`;
  // A spring-forward day skips 02:00–03:00 local time, so a weekly schedule there would not fire.
  if (hour === 2) return 'digest: pick a time outside 02:00–03:00 (it does not exist on daylight-saving days)';
  return { type: 'digest', off: false, weekday, time: `${String(hour).padStart(2, '0')}:${match[3]}` };
}

function readLine(line: string): ReplyCommand | string | undefined {
  const text = line.trim();
  const lower = text.toLowerCase().replace(/[.!]+$/, '');
  if (lower === 'sent' || lower === 'thank-you sent' || lower === 'thank you sent') return { type: 'sent' };
  if (lower === 'cancel' || lower === 'cancelled' || lower === 'canceled') return { type: 'cancel' };
  if (lower === 'done') return { type: 'done' };
  if (lower === 'no-show' || lower === 'no show') return { type: 'no-show' };
  if (lower === 'delete my data') return { type: 'delete-data', confirmed: false };
  if (lower === 'yes, delete my data' || lower === 'yes delete my data') return { type: 'delete-data', confirmed: true };

  const followUp = readFollowUpLine(text);
  if (followUp !== undefined) return followUp;

  const moved = /^(?:reschedule(?:d)?(?:\s+to)?|moved\s+to)\s+(.+)$/i.exec(text);
  if (moved) return { type: 'reschedule', when: boundedText(moved[1]!, 200) };

  const keyed = /^(company|role|contact|referral|pitch|timezone|time zone|digest|name|thank-you tone|thank you tone)\s*:\s*(.*)$/i.exec(
    text,
  );
  if (!keyed) return undefined;
  const key = keyed[1]!.toLowerCase();
  const value = keyed[2]!.trim();
  if (!value) return `${key}: needs a value`;
  switch (key) {
    case 'company':
      return { type: 'company', value: boundedText(value, LIMITS.company) };
    case 'role':
      return { type: 'role', value: boundedText(value, LIMITS.role) };
    case 'pitch':
      return { type: 'pitch', value: boundedText(value, LIMITS.pitch) };
    case 'timezone':
    case 'time zone':
      return { type: 'timezone', value: boundedText(value, 64) };
    case 'digest':
      return readDigest(value);
    case 'name':
      return { type: 'name', value: boundedText(value, LIMITS.name) };
    case 'thank-you tone':
    case 'thank you tone': {
      const tone = ThankYouTone.safeParse(value.toLowerCase());
      return tone.success
        ? { type: 'thank-you-tone', tone: tone.data }
        : `thank-you tone: choose warm, brief or formal (not "${boundedText(value, 40)}")`;
    }
    case 'contact': {
      const { name, email } = readNamedAddress(value);
      if (email && !EmailAddress.safeParse(email).success) return `contact: "${email}" is not an email address`;
      return { type: 'contact', ...(name ? { name } : {}), ...(email ? { email } : {}) };
    }
    default: {
      const { name, email, context } = readNamedAddress(value);
      if (!email) return `referral: add their email address, e.g. "referral: Bob Lee <bob@lee.io>"`;
      if (!EmailAddress.safeParse(email).success) return `referral: "${email}" is not an email address`;
      return { type: 'referral', email, ...(name ? { name } : {}), ...(context ? { context } : {}) };
    }
  }
}

/** A line in the user's own words: the command it says, and whether the line is also a note. */
/**
 * A command said in the user's own words, or, for a referral without a usable address, the person
 * it names (asked for their address), read from the one reading of the line.
 */
function readNaturalLine(line: string): { command: ReplyCommand; keepAsNote: boolean } | { namedOnly: string | undefined } | undefined {
  const natural = readNaturalCommand(line);
  if (!natural) return undefined;
  const said = natural.command;
  if (said.type !== 'referral') return { command: said, keepAsNote: natural.restIsNote };
  const { name, email, context } = readContactLine(said.rest);
  if (!email || !EmailAddress.safeParse(email).success) return { namedOnly: introducedByName(said.rest) };
  return { command: { type: 'referral', email, ...(name ? { name } : {}), ...(context ? { context } : {}) }, keepAsNote: true };
}

function describeCommand(command: ReplyCommand): string {
  switch (command.type) {
    case 'reschedule':
      return `reschedule ${command.when}`;
    case 'referral':
      return `referral: ${command.name ? `${command.name} <${command.email}>` : command.email}`;
    default:
      return command.type;
  }
}

export function parseReply(text: string): ParsedReply {
  const commands: ReplyCommand[] = [];
  const problems: string[] = [];
  const noteLines: string[] = [];
  const readAs: string[] = [];
  const namedOnly: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const read = readLine(line);
    if (typeof read === 'string') problems.push(read);
    else if (read) commands.push(read);
    else {
      const natural = readNaturalLine(line);
      if (natural && 'command' in natural) {
        commands.push(natural.command);
        readAs.push(`I read “${boundedText(line.trim(), 120)}” as “${describeCommand(natural.command)}”.`);
        if (natural.keepAsNote) noteLines.push(line);
        continue;
      }
      const named = natural?.namedOnly;
      if (named && !namedOnly.includes(named)) namedOnly.push(boundedText(named, LIMITS.name));
      const suggestion = didYouMean(line);
      if (suggestion)
        problems.push(
          `“${boundedText(line.trim(), 80)}” is not a command I know — did you mean “${suggestion}”? I kept the line as a note.`,
        );
      noteLines.push(line);
    }
  }
  const note = boundedText(noteLines.join('\n').replace(/\n{3,}/g, '\n\n'), LIMITS.note);
  const referred = new Set(commands.flatMap((c) => ((c.type === 'referral' || c.type === 'contact') && c.email ? [c.email] : [])));
  const mentionedAddresses: ParsedReply['mentionedAddresses'] = [];
  for (const mention of findMentions(note)) {
    if (referred.has(mention.email)) continue;
    referred.add(mention.email);
    mentionedAddresses.push(mention);
  }
  return { commands, note, mentionedAddresses, introducedByName: namedOnly, problems, readAs };
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

/** One line of the reply-command list that emails show. */
export interface ReplyCommandHelp {
  command: string;
  meaning: string;
  /** The commands this line explains: every `ReplyCommand` type must be explained by some line. */
  explains: readonly ReplyCommand['type'][];
}

const REPLY_COMMAND_LINES = [
  { command: 'sent', meaning: 'You sent the thank-you; no more nudges.', explains: ['sent'] },
  { command: 'cancel', meaning: 'The conversation is off; reminders stop.', explains: ['cancel'] },
  {
    command: 'reschedule <when>',
    meaning: 'It moved, e.g. “reschedule Thu 3 pm” or “moved to next Monday 10:00” (read in your time zone).',
    explains: ['reschedule'],
  },
  { command: 'done  ·  no-show', meaning: 'It happened, or they did not turn up.', explains: ['done', 'no-show'] },
  { command: 'company: …  ·  role: …', meaning: 'Correct the company or their role.', explains: ['company', 'role'] },
  { command: 'contact: Name <email>', meaning: 'Correct who you are meeting.', explains: ['contact'] },
  { command: 'referral: Name <email> — context', meaning: 'Someone they suggested you talk to.', explains: ['referral'] },
  { command: 'pitch: …', meaning: 'Your elevator pitch, shown in every prep brief.', explains: ['pitch'] },
  { command: 'name: …', meaning: 'The name your thank-you drafts are signed with.', explains: ['name'] },
  { command: 'thank-you tone: warm · brief · formal', meaning: 'The voice of your thank-you drafts.', explains: ['thank-you-tone'] },
  { command: 'timezone: Europe/Berlin', meaning: 'The time zone your times are shown in.', explains: ['timezone'] },
  {
    command: 'digest: off  ·  digest: monday 08:00',
    meaning: 'Turn the weekly digest off, or choose when it comes.',
    explains: ['digest'],
  },
  { command: 'delete my data', meaning: 'Erase everything we keep about you (we ask you to confirm first).', explains: ['delete-data'] },
  ...FOLLOW_UP_COMMANDS,
] as const satisfies readonly ReplyCommandHelp[];

/** Every reply command as emails list them (the help email), one line each; parsed above. */
export const REPLY_COMMANDS: readonly ReplyCommandHelp[] = REPLY_COMMAND_LINES;

/** The command types no line explains (`never` today). */
export type UnlistedReplyCommands<Types extends string = ReplyCommand['type']> = Exclude<
  Types,
  (typeof REPLY_COMMAND_LINES)[number]['explains'][number]
>;

/** A reply command the help email does not list fails `tsc` here, naming it. */
export const EVERY_REPLY_COMMAND_LISTED: Record<UnlistedReplyCommands, never> = {};
