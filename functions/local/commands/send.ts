import { readFile } from 'node:fs/promises';
import nodemailer from 'nodemailer';
import { withFrom } from '../rewrite-from';
import { findInstance } from './instance';

/**
 * `rapport send FILE.eml [--from ADDRESS] [--to ADDRESS]`: delivers a message to the running
 * instance over SMTP, exactly as a mail client would. With --from, the message arrives as sent by
 * that address (its From header and envelope), i.e. as if that user had forwarded it.
 */
export async function run(args: string[]): Promise<number> {
  const file = args.find((a, i) => !a.startsWith('--') && !['--from', '--to'].includes(args[i - 1] ?? ''));
  const from = args[args.indexOf('--from') + 1] && args.includes('--from') ? args[args.indexOf('--from') + 1] : undefined;
  const toArg = args.includes('--to') ? args[args.indexOf('--to') + 1] : undefined;
  if (!file) {
    process.stderr.write('usage: rapport send FILE.eml [--from ADDRESS] [--to ADDRESS]\n');
    return 2;
  }
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (error) {
    process.stderr.write(`rapport send: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const instance = findInstance();
  const message = from ? withFrom(raw, from) : raw;
  const headerFrom = /^from:.*?<?([^\s<>"]+@[^\s<>"]+?)>?\s*$/im.exec(message.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '')?.[1];
  const to = toArg ?? `log@${instance.domain}`;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: instance.smtpPort, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from: from ?? headerFrom ?? `someone@${instance.domain}`, to }, raw: message });
    process.stdout.write(`delivered to ${to}: ${info.response}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`rapport send: ${(error as Error).message}\n`);
    return 1;
  } finally {
    transport.close();
  }
}
