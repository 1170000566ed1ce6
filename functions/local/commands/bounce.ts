import type { BounceResult } from '../web';
import { callInstance, findInstance } from './instance';

/**
 * `rapport bounce ADDRESS [--complaint]`: the running instance hears from "SES" that mail to
 * ADDRESS hard-bounced (or was marked spam), as the mail-feedback function would in AWS.
 */
export async function run(args: string[]): Promise<number> {
  const address = args.find((arg) => !arg.startsWith('--'));
  if (!address) {
    process.stderr.write('usage: rapport bounce ADDRESS [--complaint]\n');
    return 2;
  }
  const reason = args.includes('--complaint') ? 'complaint' : 'bounce';
  const result = await callInstance<BounceResult>(findInstance(), 'POST', '/api/bounce', { address, reason });
  const why = reason === 'bounce' ? 'a hard bounce' : 'a spam complaint';
  process.stdout.write(`SES reported ${why} for ${result.suppressed.join(', ')}: Rapport sends nothing more there.\n`);
  if (result.told.length === 0) process.stdout.write('The operator had already been told about this address.\n');
  for (const notice of result.told) process.stdout.write(`The operator was told: ${notice.subject}\n`);
  return 0;
}
