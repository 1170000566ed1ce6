import type { User } from '../../functions/domain/model';
import { DOMAIN, startHarness, type Harness } from '../support/workflow-harness';

/** A question to help@, as a user would write it. */
function helpRequest(from: string, id: number): string {
  return [
    `From: ${from}`,
    `To: help@${DOMAIN}`,
    'Subject: How does this work?',
    `Message-ID: <help-${id}@example.org>`,
    'Date: Tue, 20 Oct 2026 08:00:00 -0400',
    '',
    'Hi, what can I do?',
    '',
  ].join('\r\n');
}

async function makeUser(harness: Harness, user: User): Promise<void> {
  await harness.store.claimEmail(user.email, user.userId);
  await harness.store.putUser(user);
}

describe('the help email', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({ now: '2026-10-20T12:00:00Z' });
  });
  afterEach(async () => harness.close());

  const base: User = {
    userId: 'u-help',
    email: 'alex@example.org',
    timeZone: 'America/New_York',
    timeZoneSource: 'set',
    digest: { enabled: true, weekday: 2, time: '09:00' },
    createdAt: '2026-10-01T12:00:00Z',
  };

  it('shows a user the digest day and time they chose, in their zone', async () => {
    await makeUser(harness, base);
    await harness.deliver(helpRequest('Alex <alex@example.org>', 1), { from: 'Alex <alex@example.org>', to: `help@${DOMAIN}` });
    const [help] = await harness.outbox();
    expect(help!.subject).toBe('How Rapport works');
    expect(help!.text).toContain('Every Tuesday at 09:00 (America/New_York), a digest sums it up.');
    expect(help!.text).not.toContain('Monday,');
  });

  it('tells a user whose digest is off how to turn it back on', async () => {
    await makeUser(harness, { ...base, digest: { enabled: false, weekday: 1, time: '08:00' } });
    await harness.deliver(helpRequest('Alex <alex@example.org>', 2), { from: 'Alex <alex@example.org>', to: `help@${DOMAIN}` });
    const [help] = await harness.outbox();
    expect(help!.text).toContain('Your weekly digest is off; reply “digest: monday 08:00” to turn it back on.');
  });

  it('shows someone who is not a user yet the default digest, Monday 08:00 their time', async () => {
    await harness.deliver(helpRequest('Sam <sam@example.net>', 3), { from: 'Sam <sam@example.net>', to: `help@${DOMAIN}` });
    const [help] = await harness.outbox();
    expect(help!.to).toContain('sam@example.net');
    expect(help!.text).toContain('Every Monday at 08:00 your time, a digest sums it up.');
    // Asking for help does not make anyone a user.
    expect(await harness.store.findUserIdByEmail('sam@example.net')).toBeUndefined();
  });
});
