import type { LocalRuntime } from '../../functions/local/runtime';
import type { OutboxEntry } from '../../functions/local/web';
import { forwardedInvitation } from '../support/invitation-mail';
import { outboxOf, runtimePerTest, sendOverSmtp, tick, waitForOutbox } from '../support/runtime-driver';

/**
 * List-Unsubscribe on `npm start`, as a mail provider and a person use it: the digest's header
 * read from the outbox, its one-click link POSTed (RFC 8058) or its mailto answered over SMTP,
 * then the clock moved a week — no digest — and `digest: on` brings it back.
 */
const USER = 'Homer Simpson <homer@example.com>';
const DOMAIN = 'rapport.localhost';

let messageNumber = 0;
function mail(to: string, subject: string, lines: string[]): string {
  return [
    `From: ${USER}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <unsubscribe-${++messageNumber}@example.com>`,
    'Date: Tue, 1 Dec 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...lines,
    '',
  ].join('\n');
}

/** An invitation for Thu 10 Dec 2026, so the digests of the weeks around it have something to say. */
function invitation(): string {
  return forwardedInvitation(
    {
      from: USER,
      to: `log@${DOMAIN}`,
      subject: 'Fwd: Invitation: Coffee chat with Priya Raman',
      date: 'Tue, 1 Dec 2026 10:00:00 +0000',
      messageId: '<invite-unsubscribe@example.com>',
    },
    [
      'UID:unsubscribe@x',
      'SEQUENCE:0',
      'DTSTAMP:20261201T090000Z',
      'DTSTART:20261210T140000Z',
      'DTEND:20261210T143000Z',
      'SUMMARY:Coffee chat with Priya Raman',
      'ORGANIZER;CN=Priya Raman:mailto:priya@acme.example',
      'ATTENDEE;CN=Homer Simpson:mailto:homer@example.com',
      'STATUS:CONFIRMED',
    ],
  );
}

const digests = (outbox: OutboxEntry[]) => outbox.filter((m) => m.subject.startsWith('Your week in informational interviews'));

/** The URIs of a List-Unsubscribe header (RFC 2369: `<uri>, <uri>`), unfolded. */
function unsubscribeUris(header: string | undefined): { https?: string; mailto?: string } {
  const uris = [...(header ?? '').matchAll(/<([^>]+)>/g)].map((m) => m[1]!);
  return { https: uris.find((u) => /^https?:/.test(u)), mailto: uris.find((u) => u.startsWith('mailto:')) };
}

/** Logs the invitation and lets the first Monday digest (7 Dec, 08:00 UTC) come; returns it. */
async function firstDigest(rt: LocalRuntime): Promise<OutboxEntry> {
  expect(await sendOverSmtp(rt, invitation(), { from: 'homer@example.com', to: `log@${DOMAIN}` })).toMatch(/^250/);
  await waitForOutbox(rt, 1);
  await tick(rt, '2026-12-07T09:00:00Z');
  const [digest] = digests(await outboxOf(rt));
  expect(digest).toBeDefined();
  return digest!;
}

function oneClick(url: string, body = 'List-Unsubscribe=One-Click'): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
}

describe('npm start: unsubscribing from the digest', () => {
  const local = runtimePerTest('rapport-e2e-unsubscribe-');

  it('carries List-Unsubscribe with a one-click link; a POST of it stops the digest, and digest: on brings it back', async () => {
    const rt = await local.start('2026-12-01T10:00:00Z');
    const digest = await firstDigest(rt);
    expect(digest.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');
    const { https, mailto } = unsubscribeUris(digest.listUnsubscribe);
    expect(https).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${rt.webPort}/unsubscribe/s[0-9a-f]{4}-[0-9a-f]+--[0-9a-f]{16}$`));
    expect(mailto).toMatch(new RegExp(`^mailto:reply\\+s[0-9a-f]{4}-[0-9a-f]+--[0-9a-f]{16}@${DOMAIN}\\?subject=unsubscribe$`));

    // A forged link, a GET (what a link checker does) and a POST without the one-click body change nothing.
    const forged = https!.replace(/[0-9a-f]{16}$/, '0000000000000000');
    expect((await oneClick(forged)).status).toBe(400);
    const page = await fetch(https!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<button type="submit">Unsubscribe</button>');
    expect((await oneClick(https!, 'hello')).status).toBe(400);
    await tick(rt, '2026-12-14T09:00:00Z');
    expect(digests(await outboxOf(rt))).toHaveLength(2);
    expect((await outboxOf(rt)).filter((m) => m.subject.startsWith('Unsubscribed'))).toEqual([]);

    const answer = await oneClick(https!);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('You are unsubscribed from the weekly digest.');
    const confirmation = (await outboxOf(rt)).at(-1)!;
    expect(confirmation.subject).toBe('Unsubscribed: the weekly digest');
    expect(confirmation.text).toContain('To have it again, reply “digest: on”.');
    expect(confirmation.listUnsubscribe).toBeUndefined();
    // Clicked twice: still one confirmation.
    expect((await oneClick(https!)).status).toBe(200);
    expect((await outboxOf(rt)).filter((m) => m.subject.startsWith('Unsubscribed'))).toHaveLength(1);

    await tick(rt, '2026-12-21T09:00:00Z');
    expect(digests(await outboxOf(rt))).toHaveLength(2);

    const before = (await outboxOf(rt)).length;
    expect(
      await sendOverSmtp(rt, mail(confirmation.replyTo!, `Re: ${confirmation.subject}`, ['digest: on']), {
        from: 'homer@example.com',
        to: confirmation.replyTo!,
      }),
    ).toMatch(/^250/);
    expect((await waitForOutbox(rt, before + 1)).at(-1)!.text).toContain('The weekly digest is on again: it comes on Mondays at 08:00.');
    await tick(rt, '2026-12-28T09:00:00Z');
    expect(digests(await outboxOf(rt))).toHaveLength(3);
  }, 120_000);

  it('stops the digest on a message to its mailto, whatever the message says', async () => {
    const rt = await local.start('2026-12-01T10:00:00Z');
    const digest = await firstDigest(rt);
    const { mailto } = unsubscribeUris(digest.listUnsubscribe);
    const address = mailto!.slice('mailto:'.length).split('?')[0]!;

    const before = (await outboxOf(rt)).length;
    expect(await sendOverSmtp(rt, mail(address, 'unsubscribe', ['']), { from: 'homer@example.com', to: address })).toMatch(/^250/);
    const confirmation = (await waitForOutbox(rt, before + 1)).at(-1)!;
    expect(confirmation.subject).toBe('Unsubscribed: the weekly digest');

    await tick(rt, '2026-12-21T09:00:00Z');
    expect(digests(await outboxOf(rt))).toHaveLength(1);
  }, 120_000);
});
