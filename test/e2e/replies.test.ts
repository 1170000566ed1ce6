import { outboxOf, runtimePerTest, sendOverSmtp } from '../support/runtime-driver';

/**
 * Replies as people write them, through `npm start`'s SMTP server and read back from its outbox:
 * other languages' quote headers and phone signatures, and the answers Rapport itself asks for.
 */
const USER = 'Eva Musterfrau <eva@example.de>';

describe('npm start: replies in the user’s own words', () => {
  const local = runtimePerTest('rapport-e2e-replies-');

  it('logs the interview from a German iPhone reply to "No invitation found"', async () => {
    const runtime = await local.start('2027-03-01T09:00:00Z');
    const forward = `From: ${USER}\nTo: log@rapport.localhost\nSubject: Fwd: Kaffee?\nMessage-ID: <kaffee-1@example.de>\nDate: Mon, 1 Mar 2027 10:00:00 +0100\n\nHast du nächste Woche Zeit für einen Kaffee?\n`;
    expect(await sendOverSmtp(runtime, forward, { from: 'eva@example.de', to: 'log@rapport.localhost' })).toMatch(/^250/);
    const [question] = await outboxOf(runtime);
    expect(question!.subject).toBe('No invitation found in “Fwd: Kaffee?”');

    const answer = [
      `From: ${USER}`,
      `To: ${question!.replyTo}`,
      'Subject: Re: No invitation found',
      'Message-ID: <antwort-1@example.de>',
      'Date: Mon, 1 Mar 2027 11:00:00 +0100',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Thu 4 Mar 15:00, 30 minutes, with Jane Doe <jane@example.com> from Acme',
      '',
      'Von meinem iPhone gesendet',
      '',
      'Am 01.03.2027 um 10:00 schrieb Rapport <log@rapport.localhost>:',
      '',
      '> We couldn’t find an invitation',
      '',
    ].join('\n');
    expect(await sendOverSmtp(runtime, answer, { from: 'eva@example.de', to: question!.replyTo! })).toMatch(/^250/);
    const outbox = await outboxOf(runtime);
    expect(outbox).toHaveLength(2);
    const confirmation = outbox[1]!;
    // The user's zone came from the +0100 of the first forward: Berlin.
    expect(confirmation.subject).toBe('Logged: chat with Jane Doe (Acme) — Thu 4 Mar 15:00 CET');
    expect(confirmation.text).toContain('Jane Doe');
    expect(confirmation.text).not.toContain('iPhone');
  });

  const send = (raw: string[], to: string) => sendOverSmtp(local.runtime, raw.join('\n'), { from: 'eva@example.de', to });
  let messages = 0;
  const reply = (to: string, subject: string, lines: string[]) => {
    messages += 1;
    return send(
      [
        `From: ${USER}`,
        `To: ${to}`,
        `Subject: ${subject}`,
        `Message-ID: <e2e-${messages}@example.de>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        ...lines,
        '',
      ],
      to,
    );
  };

  it('reads a text invitation in the user’s zone, and the user’s own words in a French reply from an iPhone', async () => {
    const runtime = await local.start('2027-03-01T09:00:00Z');
    const forward = (n: number, date: string, when: string, subject: string) =>
      send(
        [
          `From: ${USER}`,
          'To: log@rapport.localhost',
          `Subject: ${subject}`,
          `Message-ID: <fwd-${n}@example.de>`,
          `Date: ${date}`,
          '',
          when,
          '',
        ],
        'log@rapport.localhost',
      );
    await forward(1, 'Mon, 1 Mar 2027 10:00:00 +0100', 'When: Tue 2 Mar 2027 11:00', 'Fwd: Coffee chat with Ann');
    // Written in California, about a meeting at 15:00 where the user lives (Berlin).
    await forward(2, 'Mon, 1 Mar 2027 01:00:00 -0800', 'When: Thu 4 Mar 2027 15:00', 'Fwd: Call with Bob');
    let outbox = await outboxOf(runtime);
    const logged = outbox.find((m) => m.subject.includes('Bob'))!;
    expect(logged.subject).toContain('Thu 4 Mar 15:00 CET');

    await reply(logged.replyTo!, 'RE: Logged', [
      'Sent it, thanks!',
      'she referred me to Dana Smith (dana@acme.io) - runs the hardware team',
      'cancle',
      '',
      'Envoyé de mon iPhone',
      '',
      'Le lun. 1 mars 2027 à 10:00, Rapport <log@rapport.localhost> a écrit :',
      '',
      '> Logged: call with Bob',
    ]);
    outbox = await outboxOf(runtime);
    // The acknowledgement, then the referral as a suggested conversation with its introduction draft.
    const ack = outbox.at(-2)!;
    expect(outbox.at(-1)!.subject).toBe('Suggested next conversation: Dana Smith');
    expect(ack.text).toContain('I read “Sent it, thanks!” as “sent”.');
    expect(ack.text).toContain('Marked the thank-you as sent.');
    expect(ack.text).toContain('Saved the referral Dana Smith <dana@acme.io>.');
    expect(ack.text).toContain('did you mean “cancel”?');
    expect(ack.text).not.toContain('iPhone');
    expect(ack.text).not.toContain('a écrit');
  });

  it('sends a reply to the help email to the operator, or answers with help again', async () => {
    let runtime = await local.start('2027-03-01T09:00:00Z', { operatorEmail: 'ops@example.org' });
    await reply('help@rapport.localhost', 'help', ['How does this work?']);
    const [help] = await outboxOf(runtime);
    expect(help!.subject).toBe('How Rapport works');
    expect(help!.replyTo).toBe('help@rapport.localhost');

    await reply(help!.replyTo!, 'Re: How Rapport works', [
      'Can I use it for group interviews too?',
      '',
      'Von meinem iPhone gesendet',
      '',
      'Am 01.03.2027 um 10:00 schrieb Rapport <log@rapport.localhost>:',
      '> How Rapport works',
    ]);
    const outbox = await outboxOf(runtime);
    const toOperator = outbox.find((m) => m.to === 'ops@example.org')!;
    expect(toOperator.replyTo).toBe('eva@example.de');
    expect(toOperator.text).toContain('Can I use it for group interviews too?');
    expect(toOperator.text).not.toContain('schrieb');
    expect(outbox.filter((m) => m.subject.includes('No invitation found'))).toEqual([]);

    await runtime.stop();
    runtime = await local.start('2027-03-01T09:00:00Z', { startAt: undefined });
    await reply('help@rapport.localhost', 'Re: How Rapport works', ['And what about panels?']);
    expect((await outboxOf(runtime)).at(-1)!.subject).toBe('How Rapport works');
  });
});
