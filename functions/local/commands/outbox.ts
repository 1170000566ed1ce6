import type { OutboxEntry } from '../web';
import { callInstance, findInstance } from './instance';

/** `rapport outbox [--json]`: what the running instance sent, oldest first. */
export async function run(args: string[]): Promise<number> {
  const entries = await callInstance<OutboxEntry[]>(findInstance(), 'GET', '/api/outbox');
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(entries.map(({ to, from, replyTo, subject, date, text, html }) => ({ to, from, replyTo, subject, date, text, html })), null, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) process.stdout.write('The outbox is empty.\n');
  entries.forEach((e, i) => process.stdout.write(`${String(i + 1).padStart(3)}  ${e.date}  to ${e.to}  ${e.subject}\n`));
  return 0;
}
