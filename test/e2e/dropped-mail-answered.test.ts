import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../functions/ports';
import { runtimePerTest, sendOverSmtp, waitForOutbox } from '../support/runtime-driver';
import { withFrom } from '../support/workflow-harness';

/**
 * Mail that can be answered is answered, not dropped in silence: a sender whose mail client
 * writes a From display name longer than Rapport keeps still gets their invitation logged.
 */
describe('mail Rapport used to drop without an answer', () => {
  const local = runtimePerTest('rapport-dropped-');

  it('logs an invitation whose From display name is over 200 characters, keeping the name cut', async () => {
    const runtime = await local.start('2027-02-20T09:30:00Z');
    const longName = `Alex ${'Morgan-'.repeat(40)}Smith`;
    const invitation = withFrom(readFileSync(path.join(__dirname, '../../examples/coffee-chat.eml')), `"${longName}" <alex@example.com>`);
    await sendOverSmtp(runtime, invitation.toString('utf8'), { from: 'alex@example.com', to: 'log@rapport.localhost' });
    const [answer] = await waitForOutbox(runtime, 1);
    expect(answer?.to).toBe('alex@example.com');
    expect(answer?.subject).toMatch(/^Logged: coffee chat with Priya Natarajan/);
  });

  it('counts what it drops unanswered, with the reason, in a metric an operator can alarm on', async () => {
    const lines: Record<string, unknown>[] = [];
    const log: Logger = {
      info: (message, fields) => lines.push({ level: 'info', message, ...fields }),
      warn: () => undefined,
      error: () => undefined,
    };
    const runtime = await local.start('2027-02-20T09:30:00Z', {}, log);
    await sendOverSmtp(runtime, 'To: log@rapport.localhost\r\nSubject: no sender\r\n\r\nhello\r\n', {
      from: 'someone@example.com',
      to: 'log@rapport.localhost',
    });
    const ignored = lines.filter((l) => l.message === 'inbound ignored');
    expect(ignored).toEqual([expect.objectContaining({ why: 'no From address', InboundIgnored: 1 })]);
    expect(await runtime.outbox()).toEqual([]);
  });
});
