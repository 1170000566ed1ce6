import nodemailer from 'nodemailer';
import type { OutboxEntry } from '../web';
import { callInstance, findInstance } from './instance';

/**
 * `rapport reply [--message N] TEXT…`: answers one of Rapport's emails as its recipient would from
 * a mail client — to its Reply-To, threaded on it, the original quoted below — so reply commands
 * and notes can be tried locally. N is the number `rapport outbox` shows (default: the latest).
 * Each argument is one line, e.g. `rapport reply sent "She said the team is hiring in spring."`.
 */
export async function run(args: string[]): Promise<number> {
  const at = args.indexOf('--message');
  const number = at === -1 ? undefined : Number(args[at + 1]);
  const lines = args.filter((_, i) => at === -1 || (i !== at && i !== at + 1));
  if (lines.length === 0 || (number !== undefined && !Number.isInteger(number))) {
    process.stderr.write('usage: rapport reply [--message N] TEXT…   (each TEXT is one line; N as listed by `rapport outbox`)\n');
    return 2;
  }
  const instance = findInstance();
  const outbox = await callInstance<OutboxEntry[]>(instance, 'GET', '/api/outbox');
  const original = number === undefined ? outbox.at(-1) : outbox[number - 1];
  if (!original?.replyTo) {
    process.stderr.write(`rapport reply: no message ${number ?? ''} with a Reply-To in the outbox (see \`rapport outbox\`)\n`);
    return 2;
  }
  const quoted = original.text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: instance.smtpPort, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({
      from: original.to,
      to: original.replyTo,
      subject: `Re: ${original.subject}`,
      ...(original.messageId ? { inReplyTo: original.messageId, references: [original.messageId] } : {}),
      text: `${lines.join('\n')}\n\nOn ${original.date}, Rapport wrote:\n${quoted}\n`,
    });
    process.stdout.write(`replied to "${original.subject}": ${info.response}\n`);
    return 0;
  } finally {
    transport.close();
  }
}
