import { parseArgs } from 'node:util';
import type { TokenKind } from '../../domain/reply-token';
import { understandReply } from '../../domain/understand-reply';
import { readContactLine } from '../../domain/natural-commands';
import { parseMessage, UnreadableMessageError } from '../../inbound/parse-message';
import { looksLikeMimeMessage } from '../../inbound/raw-input';
import { extractReplyText, extractReplyTextFromHtml } from '../../inbound/reply-text';
import { readTextInput } from './read-input';

/**
 * `rapport understand FILE`: what a reply (.eml or the text of one) would do, without doing it,
 * as JSON (docs/reply-commands.md). Exit 0 with the JSON, 2 for unreadable input or bad options.
 */

/** The emails a reply can answer, by the names the option takes. */
const REPLYING_TO: Record<string, TokenKind> = {
  confirmation: 'confirmation',
  'prep-brief': 'prep-brief',
  'thank-you': 'thank-you',
  nudge: 'thank-you-nudge',
  'keep-in-touch': 'keep-in-touch',
  digest: 'digest',
  referral: 'referral',
};

const USAGE =
  'usage: rapport understand FILE [--replying-to confirmation|prep-brief|thank-you|nudge|keep-in-touch|digest|referral] [--now ISO] [--zone IANA] [--meeting-start ISO] [--meeting-end ISO] [--contact "Name <email>"]\n';

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

function fail(message: string): number {
  process.stderr.write(`rapport understand: ${message}\n${USAGE}`);
  return 2;
}

async function replyTextOf(file: string, bytes: Uint8Array): Promise<string | undefined> {
  const text = new TextDecoder().decode(bytes);
  if (!/\.eml$/i.test(file) && !looksLikeMimeMessage(text)) return extractReplyText(text);
  try {
    const message = await parseMessage(bytes);
    return message.text !== undefined ? extractReplyText(message.text) : extractReplyTextFromHtml(message.html ?? '');
  } catch (error) {
    if (error instanceof UnreadableMessageError) return undefined;
    throw error;
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'replying-to': { type: 'string' },
        now: { type: 'string' },
        zone: { type: 'string' },
        'meeting-start': { type: 'string' },
        'meeting-end': { type: 'string' },
        contact: { type: 'string' },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  const replyingTo = values['replying-to'] === undefined ? undefined : REPLYING_TO[values['replying-to']];
  if (values['replying-to'] !== undefined && !replyingTo) return fail(`--replying-to: not an email kind: ${values['replying-to']}`);
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) return fail(`--now: not an ISO time: ${values.now}`);
  const zone = values.zone ?? 'UTC';
  if (!isZone(zone)) return fail(`--zone: not an IANA time zone: ${zone}`);
  const [start, end] = [values['meeting-start'], values['meeting-end']];
  if ((start === undefined) !== (end === undefined) || [start, end].some((t) => t !== undefined && Number.isNaN(Date.parse(t))))
    return fail('--meeting-start and --meeting-end: give both, as ISO times');

  // The interview's contact: accepted so a reply can be tried as process-inbound would see it; checked to be an address.
  if (values.contact !== undefined && !readContactLine(values.contact).email) return fail(`--contact: write it as "Name <email>"`);

  const input = await readTextInput('understand', positionals, 'a mail message or text');
  if (!input) return 2;
  const text = await replyTextOf(input.file, input.bytes);
  if (text === undefined) return fail(`${input.file} is not a readable mail message`);
  const understood = understandReply(text, {
    ...(replyingTo ? { replyingTo } : {}),
    now,
    zone,
    ...(start && end ? { meeting: { startUtc: start, endUtc: end } } : {}),
  });
  process.stdout.write(`${JSON.stringify(understood)}\n`);
  return 0;
}
