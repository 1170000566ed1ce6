import { boundedText } from '../commons/bounded-text';
import {
  FOLLOW_UP_COMMANDS,
  type FollowUpCommand,
  type ItemAction,
  readCadenceLine,
  readItemLine,
  readReportLine,
  readTouchedLine,
} from './follow-up-commands';
import { EmailAddress, LIMITS, type ReferralState, ThankYouTone } from './model';
import { readContactLine } from './natural-commands';

/**
 * What a user can say by replying (docs/reply-commands.md): one command per line,
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
  /** `offered`: the contact only offered the introduction ("offered to introduce me to …"): the draft asks them for it. */
  | { type: 'referral'; name?: string; email: string; context?: string; offered?: true }
  | { type: 'pitch'; value: string }
  | { type: 'name'; value: string }
  | { type: 'thank-you-tone'; tone: ThankYouTone }
  | { type: 'timezone'; value: string }
  | { type: 'digest'; off: true }
  | { type: 'digest'; off: false; weekday: number; time: string }
  /** `digest: on`: back at the day and time it had (after `digest: off` or its unsubscribe link). */
  | { type: 'digest'; off: false; resume: true }
  | { type: 'keep-in-touch'; off: boolean }
  | { type: 'delete-data'; confirmed: boolean }
  | { type: 'also'; email: string }
  | FollowUpCommand;

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** "Jane Doe <jane@acme.com> — met at …", "Jane Doe (jane@acme.com)", "jane@acme.com (Jane Doe)", "Jane Doe, jane@acme.com" → parts. */
export function readNamedAddress(text: string): { name?: string; email?: string; context?: string } {
  return readContactLine(text);
}

function readDigest(value: string): CommandOf<'digest'> | string {
  const v = value.trim().toLowerCase();
  if (v === 'off' || v === 'stop' || v === 'none') return { type: 'digest', off: true };
  if (v === 'on' || v === 'start' || v === 'resume') return { type: 'digest', off: false, resume: true };
  const match = /^([a-z]+)\s+(\d{1,2}):(\d{2})$/.exec(v);
  const weekday = match ? WEEKDAYS.findIndex((d) => d.startsWith(match[1]!) && match[1]!.length >= 3) + 1 : 0;
  if (!match || weekday === 0) return 'digest: write "off", "on" or a day and time, e.g. "digest: monday 08:00"';
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  if (hour > 23 || minute > 59) return `digest: ${value.trim()} is not a time of day`;
  // A spring-forward day skips 02:00–03:00 local time, so a weekly schedule there would not fire.
  if (hour === 2) return 'digest: pick a time outside 02:00–03:00 (it does not exist on daylight-saving days)';
  return { type: 'digest', off: false, weekday, time: `${String(hour).padStart(2, '0')}:${match[3]}` };
}

type CommandOf<T extends ReplyCommand['type']> = Extract<ReplyCommand, { type: T }>;

/** `keep-in-touch: off` / `on`: whether keep-in-touch emails come at all (one person's: `no follow-up`). */
function readKeepInTouch(value: string): CommandOf<'keep-in-touch'> | string {
  const v = value.trim().toLowerCase();
  if (v === 'off' || v === 'stop' || v === 'none') return { type: 'keep-in-touch', off: true };
  if (v === 'on' || v === 'start' || v === 'resume') return { type: 'keep-in-touch', off: false };
  return `keep-in-touch: write "off" or "on" (not "${boundedText(value, 40)}")`;
}

/** A line as every reader gets it: as written (trimmed), and lower-cased without its closing stop. */
export interface CommandLine {
  text: string;
  lower: string;
}

/** What `rapport understand` prints for a command: its name as docs/reply-commands.md spells it, and its fields. */
export type ShownCommand = { command: string } & Record<string, string | number | boolean | undefined>;

/** How one command is written, and how it is shown. */
export interface CommandSyntax<C extends ReplyCommand> {
  /** The words a keyed command starts with ("company" of "company: Acme"), for "did you mean …?". */
  keys: readonly string[];
  /** The bare command words ("cancel"), for "did you mean …?". */
  words: readonly string[];
  /** The command the line says, a problem to report when the line means it but it can't be read, or undefined: not this command. */
  read: (line: CommandLine) => C | string | undefined;
  show: (command: C) => ShownCommand;
}

/** One syntax per command type of `C`: a command added to `ReplyCommand` without one fails `tsc` (test/types/dispatch-tables.ts). */
export type ReplyCommandSyntax<C extends { type: string } = ReplyCommand> = {
  [T in C['type']]: CommandSyntax<Extract<ReplyCommand, { type: T }>>;
};

/** `key: value` commands: the value read by `readValue` once the line starts with one of `keys` and a colon. */
function keyedCommand<C extends ReplyCommand>(
  keys: readonly string[],
  readValue: (value: string) => C | string,
  show: (command: C) => ShownCommand,
): CommandSyntax<C> {
  const pattern = new RegExp(`^(${keys.join('|')})\\s*:\\s*(.*)$`, 'i');
  return {
    keys,
    words: [],
    read: ({ text }) => {
      const keyed = pattern.exec(text);
      if (!keyed) return undefined;
      const value = keyed[2]!.trim();
      return value ? readValue(value) : `${keyed[1]!.toLowerCase()}: needs a value`;
    },
    show,
  };
}

/** A command that is one of a few exact phrases. */
function phraseCommand<C extends ReplyCommand>(phrases: readonly string[], command: C, name: string): CommandSyntax<C> {
  return {
    keys: [],
    words: phrases.slice(0, 1),
    read: ({ lower }) => (phrases.includes(lower) ? command : undefined),
    show: () => ({ command: name }),
  };
}

function readReferral(value: string): CommandOf<'referral'> | string {
  const { name, email, context } = readNamedAddress(value);
  if (!email) return `referral: add their email address, e.g. "referral: Bob Lee <bob@lee.io>"`;
  if (!EmailAddress.safeParse(email).success) return `referral: "${email}" is not an email address`;
  return { type: 'referral', email, ...(name ? { name } : {}), ...(context ? { context } : {}) };
}

function readContact(value: string): CommandOf<'contact'> | string {
  const { name, email } = readNamedAddress(value);
  if (email && !EmailAddress.safeParse(email).success) return `contact: "${email}" is not an email address`;
  return { type: 'contact', ...(name ? { name } : {}), ...(email ? { email } : {}) };
}

/** `also: you@work.example`: a second address of the user's, to be confirmed from that address. */
function readAlsoAddress(value: string): CommandOf<'also'> | string {
  const address = EmailAddress.safeParse(readNamedAddress(value).email ?? value);
  return address.success ? { type: 'also', email: address.data } : `also: "${boundedText(value, 60)}" is not an email address`;
}

const ITEM_NAMES: Record<ItemAction['kind'] | Exclude<ReferralState, 'suggested'>, string> = {
  done: 'done',
  snooze: 'snooze',
  referral: 'referral',
  'intro-sent': 'intro sent',
  met: 'met',
  'not-pursuing': 'not pursuing',
};

/**
 * Every reply command: how a line says it and how it is shown, one entry per `ReplyCommand` type
 * (a type without an entry fails \`tsc\`; docs/reply-commands.md "Adding a reply command").
 * Lines are tried against the entries in this order; the first that reads the line wins.
 */
export const REPLY_COMMAND_SYNTAX = {
  sent: phraseCommand(['sent', 'thank-you sent', 'thank you sent'], { type: 'sent' }, 'sent'),
  cancel: phraseCommand(['cancel', 'cancelled', 'canceled'], { type: 'cancel' }, 'cancel'),
  done: phraseCommand(['done'], { type: 'done' }, 'done'),
  'no-show': phraseCommand(['no-show', 'no show'], { type: 'no-show' }, 'no-show'),
  'delete-data': {
    keys: [],
    words: [],
    read: ({ lower }) =>
      lower === 'delete my data'
        ? { type: 'delete-data', confirmed: false }
        : lower === 'yes, delete my data' || lower === 'yes delete my data'
          ? { type: 'delete-data', confirmed: true }
          : undefined,
    show: (command) => ({ command: 'delete my data', confirmed: command.confirmed }),
  },
  report: { keys: [], words: [], read: ({ lower }) => readReportLine(lower), show: (command) => ({ command: command.report }) },
  cadence: {
    keys: [],
    words: [],
    read: ({ lower }) => readCadenceLine(lower),
    show: (command) => (command.off ? { command: 'no follow-up' } : { command: 'follow up', months: command.months }),
  },
  touched: {
    keys: ['touched'],
    words: [],
    read: ({ text }) => readTouchedLine(text),
    show: (command) => ({ command: 'touched', who: command.who }),
  },
  item: {
    keys: [],
    words: [],
    read: ({ lower }) => readItemLine(lower),
    show: ({ n, action }) => ({
      command: ITEM_NAMES[action.kind === 'referral' ? action.state : action.kind],
      ...(n === undefined ? {} : { n }),
      ...(action.kind === 'snooze' ? { days: action.days } : {}),
    }),
  },
  reschedule: {
    keys: [],
    words: ['reschedule'],
    read: ({ text }) => {
      const moved = /^(?:reschedule(?:d)?(?:\s+to)?|moved\s+to)\s+(.+)$/i.exec(text);
      return moved ? { type: 'reschedule', when: boundedText(moved[1]!, 200) } : undefined;
    },
    show: (command) => ({ command: 'reschedule', when: command.when }),
  },
  company: keyedCommand(
    ['company'],
    (value) => ({ type: 'company', value: boundedText(value, LIMITS.company) }),
    (c) => ({ command: 'company', value: c.value }),
  ),
  role: keyedCommand(
    ['role'],
    (value) => ({ type: 'role', value: boundedText(value, LIMITS.role) }),
    (c) => ({ command: 'role', value: c.value }),
  ),
  contact: keyedCommand(['contact'], readContact, (c) => ({
    command: 'contact',
    ...(c.name ? { name: c.name } : {}),
    ...(c.email ? { email: c.email } : {}),
  })),
  referral: keyedCommand(['referral'], readReferral, (c) => ({
    command: 'referral',
    name: c.name ?? '',
    email: c.email,
    ...(c.context ? { context: c.context } : {}),
    ...(c.offered ? { offered: true } : {}),
  })),
  pitch: keyedCommand(
    ['pitch'],
    (value) => ({ type: 'pitch', value: boundedText(value, LIMITS.pitch) }),
    (c) => ({ command: 'pitch', value: c.value }),
  ),
  timezone: keyedCommand(
    ['timezone', 'time zone'],
    (value) => ({ type: 'timezone', value: boundedText(value, 64) }),
    (c) => ({
      command: 'timezone',
      value: c.value,
    }),
  ),
  digest: keyedCommand(['digest'], readDigest, (c) =>
    c.off
      ? { command: 'digest', off: true }
      : 'resume' in c
        ? { command: 'digest', on: true }
        : { command: 'digest', weekday: c.weekday, time: c.time },
  ),
  'keep-in-touch': keyedCommand(['keep-in-touch', 'keep in touch'], readKeepInTouch, (c) => ({ command: 'keep-in-touch', off: c.off })),
  name: keyedCommand(
    ['name'],
    (value) => ({ type: 'name', value: boundedText(value, LIMITS.name) }),
    (c) => ({ command: 'name', value: c.value }),
  ),
  also: {
    keys: ['also'],
    words: [],
    // "Also: she offered to review my portfolio" is a note that starts with a filler word, not a command.
    read: ({ text }) => {
      const value = /^also\s*:\s*(.*)$/i.exec(text)?.[1]?.trim();
      return value?.includes('@') ? readAlsoAddress(value) : undefined;
    },
    show: (c) => ({ command: 'also', email: c.email }),
  },
  'thank-you-tone': keyedCommand(
    ['thank-you tone', 'thank you tone'],
    (value): CommandOf<'thank-you-tone'> | string => {
      const tone = ThankYouTone.safeParse(value.toLowerCase());
      return tone.success
        ? { type: 'thank-you-tone', tone: tone.data }
        : `thank-you tone: choose warm, brief or formal (not "${boundedText(value, 40)}")`;
    },
    (c) => ({ command: 'thank-you tone', tone: c.tone }),
  ),
} satisfies ReplyCommandSyntax;

/** The words keyed commands start with, for "did you mean …?" on a misspelt key. */
export const COMMAND_KEYS: readonly string[] = Object.values(REPLY_COMMAND_SYNTAX).flatMap((syntax) => syntax.keys);
/** The bare command words, for "did you mean …?" on a misspelt one. */
export const COMMAND_WORDS: readonly string[] = Object.values(REPLY_COMMAND_SYNTAX).flatMap((syntax) => syntax.words);

/** A command as `rapport understand` prints it. */
export function showCommand(command: ReplyCommand): ShownCommand {
  // The table is keyed by `command.type`: TypeScript cannot correlate the two through the union, hence the widening.
  const syntax = REPLY_COMMAND_SYNTAX[command.type] as CommandSyntax<ReplyCommand>;
  return syntax.show(command);
}

/** The command a line says in the commands' own form, a problem to report, or undefined. */
export function readCommandLine(line: string): ReplyCommand | string | undefined {
  const text = line.trim();
  const commandLine = { text, lower: text.toLowerCase().replace(/[.!]+$/, '') };
  for (const syntax of Object.values(REPLY_COMMAND_SYNTAX)) {
    const read = syntax.read(commandLine);
    if (read !== undefined) return read;
  }
  return undefined;
}

/** One line of the reply-command list that emails show. */
interface ReplyCommandHelp {
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
    command: 'digest: off  ·  digest: on  ·  digest: monday 08:00',
    meaning: 'Turn the weekly digest off or on again, or choose when it comes.',
    explains: ['digest'],
  },
  {
    command: 'keep-in-touch: off  ·  keep-in-touch: on',
    meaning: 'Stop or restart the emails suggesting you write to people you met.',
    explains: ['keep-in-touch'],
  },
  { command: 'also: you@work.example', meaning: 'Another address of yours; confirm from it, then mail from either.', explains: ['also'] },
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
