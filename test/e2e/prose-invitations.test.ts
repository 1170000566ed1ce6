import { outboxOf, runtimePerTest, sendOverSmtp, waitForOutbox } from '../support/runtime-driver';

/**
 * Invitations without a calendar file, through `npm start`'s SMTP server and read back from its
 * outbox: a booking service's confirmation, a pasted Zoom invitation and a contact's reply with a
 * time in it are each logged at the right time with the right person; a date that reads two ways
 * is asked about, with nothing logged.
 */
const USER_ADDRESS = 'sam@example.org';
const USER = `Sam Lee <${USER_ADDRESS}>`;
const LOG = 'log@rapport.localhost';

let messages = 0;
function message(headers: string[], body: string[]): string {
  messages += 1;
  return [
    ...headers,
    `Message-ID: <prose-${messages}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...body,
    '',
  ].join('\n');
}

describe('npm start: invitations written in prose', () => {
  const local = runtimePerTest('rapport-e2e-prose-');
  const send = async (raw: string, to = LOG) => expect(await sendOverSmtp(local.runtime, raw, { from: USER_ADDRESS, to })).toMatch(/^250/);
  const only = async () => {
    const [answer] = await waitForOutbox(local.runtime, 1);
    expect(await outboxOf(local.runtime)).toHaveLength(1);
    return answer!;
  };

  it('logs a Calendly-style booking confirmation at its time, with the invitee', async () => {
    await local.start('2027-03-01T17:00:00Z');
    await send(
      message(
        [
          `From: ${USER}`,
          `To: ${LOG}`,
          'Subject: Fwd: New Event: Priya Nair - 10:00am Tue, Mar 9, 2027 - 30 Minute Meeting',
          'Date: Mon, 1 Mar 2027 09:12:00 -0800',
        ],
        [
          '---------- Forwarded message ---------',
          'From: Calendly <notifications@calendly.com>',
          'Subject: New Event: Priya Nair - 10:00am Tue, Mar 9, 2027 - 30 Minute Meeting',
          '',
          'Hi Sam,',
          '',
          'A new event has been scheduled.',
          '',
          'Event Type:',
          '30 Minute Meeting',
          '',
          'Invitee:',
          'Priya Nair',
          '',
          'Invitee Email:',
          'priya.nair@initech.example',
          '',
          'Event Date/Time:',
          '10:00am - Tuesday, March 9, 2027 (Pacific Time - US & Canada)',
          '',
          'Location:',
          'https://us02web.zoom.us/j/81234567890?pwd=abc',
        ],
      ),
    );
    const confirmation = await only();
    // 10:00 in Los Angeles on 9 March 2027 (PST, UTC-8) is 18:00 UTC: 10:00 for this user in Los Angeles too.
    expect(confirmation.subject).toMatch(/^Logged: .*Priya Nair.* — Tue 9 Mar 10:00 PST$/);
    expect(confirmation.text).toContain('When: Tue 9 Mar 2027, 10:00–10:30 PST (America/Los_Angeles)');
    expect(confirmation.text).toContain('Priya Nair (priya.nair@initech.example)');
    expect(confirmation.text).toContain('https://us02web.zoom.us/j/81234567890?pwd=abc');
  });

  it('logs a pasted Zoom invitation with the inviter it names', async () => {
    await local.start('2027-03-01T17:00:00Z');
    await send(
      message(
        [
          `From: ${USER}`,
          'To: Jordan Blake <jordan@globex.example>',
          `Bcc: ${LOG}`,
          'Subject: Re: coffee chat',
          'Date: Tue, 2 Mar 2027 08:00:00 -0500',
        ],
        [
          'Great, see you then!',
          '',
          'Jordan Blake is inviting you to a scheduled Zoom meeting.',
          '',
          'Topic: Coffee chat with Sam',
          'Time: Mar 11, 2027 09:30 AM Eastern Time (US and Canada)',
          '',
          'Join Zoom Meeting',
          'https://us06web.zoom.us/j/87654321098?pwd=xyz',
        ],
      ),
    );
    const confirmation = await only();
    // 09:30 in New York on 11 March 2027 (EST, UTC-5) is 14:30 UTC.
    expect(confirmation.text).toContain('When: Thu 11 Mar 2027, 09:30–10:00 EST (America/New_York)');
    expect(confirmation.text).toContain('Jordan Blake (jordan@globex.example)');
    expect(confirmation.text).toContain('https://us06web.zoom.us/j/87654321098?pwd=xyz');
  });

  it('logs a forwarded reply that says "Thursday at 2pm Eastern works", with the person who wrote it', async () => {
    await local.start('2027-03-08T15:00:00Z');
    await send(
      message(
        [`From: ${USER}`, `To: ${LOG}`, 'Subject: Fwd: Re: informational interview', 'Date: Mon, 8 Mar 2027 10:00:00 -0500'],
        [
          '---------- Forwarded message ---------',
          'From: Dana Whitfield <dana@acme.example>',
          'Date: Mon, Mar 8, 2027 at 9:41 AM',
          'Subject: Re: informational interview',
          `To: ${USER}`,
          '',
          'Hi Sam, happy to chat. Thursday at 2pm Eastern works, I will call you.',
          '',
          'Dana',
        ],
      ),
    );
    const confirmation = await only();
    // Thursday after Monday 8 March 2027 is the 11th; 14:00 in New York (EST) is 19:00 UTC.
    expect(confirmation.text).toContain('When: Thu 11 Mar 2027, 14:00–14:30 EST (America/New_York)');
    expect(confirmation.text).toContain('Dana Whitfield (dana@acme.example)');
    expect(confirmation.text).not.toContain('read as');
  });

  it('says how it read a summer abbreviation written in winter', async () => {
    await local.start('2027-03-08T15:00:00Z');
    await send(
      message(
        [`From: ${USER}`, `To: ${LOG}`, 'Subject: Fwd: call', 'Date: Mon, 8 Mar 2027 10:00:00 -0500'],
        [
          '---------- Forwarded message ---------',
          'From: Dana Whitfield <dana@acme.example>',
          'Subject: call',
          '',
          'Thursday 11 March at 10:00am PDT?',
        ],
      ),
    );
    const confirmation = await only();
    // 10:00 in Los Angeles on 11 March 2027 is still PST (UTC-8): 18:00 UTC, 13:00 in New York.
    expect(confirmation.text).toContain('When: Thu 11 Mar 2027, 13:00–13:30 EST (America/New_York)');
    expect(confirmation.text).toContain('“PDT” read as the clock in America/Los_Angeles that day (UTC−08:00), not as UTC−07:00.');
  });

  it('asks with both readings as one-tap answers when the date reads two ways, and logs the one tapped', async () => {
    await local.start('2027-03-01T09:00:00Z');
    await send(
      message(
        [`From: ${USER}`, `To: ${LOG}`, 'Subject: Fwd: chat', 'Date: Mon, 1 Mar 2027 10:00:00 +0000'],
        [
          '---------- Forwarded message ---------',
          'From: Lee Park <lee@hooli.example>',
          'Subject: chat',
          '',
          'Could we talk on 3/4 at 10am UTC?',
        ],
      ),
    );
    const question = await only();
    expect(question.subject).toBe('Which day is your “chat”?');
    // 3/4 is 4 March written month first, 3 April day first: both offered, one tap each.
    const choices = [...question.text.matchAll(/^- (.+): (mailto:\S+)$/gm)].map((m) => ({ label: m[1]!, href: m[2]! }));
    expect(choices.map((c) => c.label)).toEqual(['Thu 4 Mar 2027, 10:00 GMT (Europe/London)', 'Sat 3 Apr 2027, 11:00 BST (Europe/London)']);
    expect(question.html).toContain(`href="mailto:${question.replyTo}?subject`);
    expect(question.html).toContain('Sat 3 Apr 2027, 11:00 BST (Europe/London)');

    // Tapping the first answers the question with that reading, and only then is it logged.
    const tapped = new URL(choices[0]!.href);
    expect(tapped.pathname).toBe(question.replyTo);
    await send(
      message(
        [`From: ${USER}`, `To: ${question.replyTo}`, 'Subject: Re: When', 'Date: Mon, 1 Mar 2027 10:05:00 +0000'],
        [tapped.searchParams.get('body')!],
      ),
      question.replyTo,
    );
    const [, logged] = await waitForOutbox(local.runtime, 2);
    expect(logged!.text).toContain('When: Thu 4 Mar 2027, 10:00');
    expect(logged!.text).toContain('Lee Park (lee@hooli.example)');
  });
});
