import type { OutboxEntry } from '../web';
import { callInstance, findInstance } from './instance';

/** `rapport outbox [--json]`: what the running instance sent, oldest first. */
export async function run(args: string[]): Promise<number> {
  const entries = await callInstance<OutboxEntry[]>(findInstance(), 'GET', '/api/outbox');
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(entries.map(({ to, from, replyTo, subject, date, text, html, attachments }) => ({ to, from, replyTo, subject, date, text, html, attachments })), null, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) process.stdout.write('The outbox is empty.\n');
  entries.forEach((e, i) => {
    const files = e.attachments.length > 0 ? `  [${e.attachments.map((a) => a.filename).join(', ')}]` : '';
    process.stdout.write(`${String(i + 1).padStart(3)}  ${e.date}  to ${e.to}  ${e.subject}${files}\n`);
  });
  return 0;
}
