import { readInboundMail } from '../../inbound/read-inbound-mail';
import { readTextInput } from './read-input';

/**
 * `rapport read FILE [--to ADDRESS] [--envelope-from ADDRESS]`: the bounded record that
 * `inbound-email` would queue for this raw message, as JSON — the same `readInboundMail` the
 * handler calls, so the whole inbound read (MIME, calendars, zones, HTML, text invitations,
 * reply text, and every read limit) can be tried on any file. The times of an invitation forwarded
 * as text are not in it: inbound-email queues the labelled times it found
 * (`invitation.found: "text-invitation"`) and process-inbound reads them; `rapport parse` shows the
 * whole reading.
 *
 * The envelope is what SES would give for this message delivered to log@ (or `--to`) with its
 * SPF/DKIM checks passed; the message "arrives" now. Exit 0 with the record, 2 when the input is
 * unreadable or inbound-email would drop it (the reason on stderr).
 */
export async function run(args: string[]): Promise<number> {
  const options = readOptions(args);
  if (!options) {
    process.stderr.write('usage: rapport read FILE [--to ADDRESS] [--envelope-from ADDRESS]\n');
    return 2;
  }
  const input = await readTextInput('read', [options.file], 'a mail message');
  if (!input) return 2;
  const read = await readInboundMail(input.bytes, {
    ...(options.envelopeFrom ? { envelopeFrom: options.envelopeFrom } : {}),
    recipients: [options.to],
    authenticated: true,
    deliveryId: 'rapport-read',
    receivedAt: new Date(),
  });
  if (!read.ok) {
    process.stderr.write(`rapport read: not queued: ${read.why}\n`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify(read.mail, null, 2)}\n`);
  if ('found' in read.mail.invitation) {
    process.stderr.write(
      'rapport read: a text invitation: its labelled times are read by process-inbound, not here (rapport parse FILE shows the whole reading)\n',
    );
  }
  return 0;
}

function readOptions(args: string[]): { file: string; to: string; envelopeFrom?: string } | undefined {
  const values = new Map<string, string>();
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--to' || arg === '--envelope-from') {
      const value = args[i + 1];
      if (!value) return undefined;
      values.set(arg, value);
      i += 1;
    } else if (arg.startsWith('--')) {
      return undefined;
    } else {
      files.push(arg);
    }
  }
  const [file] = files;
  if (!file || files.length > 1) return undefined;
  const envelopeFrom = values.get('--envelope-from');
  return {
    file,
    to: values.get('--to') ?? `log@${process.env.RAPPORT_DOMAIN ?? 'rapport.localhost'}`,
    ...(envelopeFrom ? { envelopeFrom } : {}),
  };
}
