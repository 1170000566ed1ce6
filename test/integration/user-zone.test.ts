import { DOMAIN, interviewsIn2027, startHarness, type Harness } from '../support/workflow-harness';

const USER = 'Lena Weber <lena@example.de>';

let sent = 0;
function mail(body: string, headers: { subject?: string; date?: string } = {}): string {
  sent += 1;
  return [
    `From: ${USER}`,
    `To: log@${DOMAIN}`,
    `Subject: ${headers.subject ?? 'Fwd: Coffee chat with Jane'}`,
    `Message-ID: <m-${sent}@example.de>`,
    `Date: ${headers.date ?? 'Mon, 1 Mar 2027 10:00:00 +0100'}`,
    '',
    body,
    '',
  ].join('\r\n');
}

describe('times in the user’s own zone', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({ now: '2027-03-01T09:00:00Z' });
  });
  afterEach(async () => harness.close());

  const interviews = () => interviewsIn2027(harness, 'lena@example.de');
  const replyTo = async (subjectStart: string) => (await harness.outbox()).find((m) => m.subject.startsWith(subjectStart))!.replyTo!;

  it('reads a text invitation in the user’s zone, not in the -0800 of a forward written while travelling', async () => {
    // A first forward makes Lena a Berlin user; then she sets it for good.
    await harness.deliver(mail('When: Tue 2 Mar 2027 11:00'));
    await harness.deliver(`From: ${USER}\r\nSubject: Re\r\nMessage-ID: <tz@example.de>\r\n\r\ntimezone: Berlin\r\n`, {
      to: await replyTo('Logged'),
    });
    expect((await harness.outbox()).at(-1)!.text).toContain('Times are now shown in Europe/Berlin');

    await harness.deliver(mail('When: Thu 4 Mar 2027 15:00', { subject: 'Fwd: Call with Bob', date: 'Mon, 1 Mar 2027 01:00:00 -0800' }));
    const call = (await interviews()).find((i) => i.title === 'Call with Bob');
    expect(call).toMatchObject({ startUtc: '2027-03-04T14:00:00Z' });
    expect((await harness.outbox()).at(-1)!.subject).toContain('Thu 4 Mar 15:00 CET');
  });

  it('treats a -0000 Date as an unknown zone, not as UTC', async () => {
    await harness.deliver(mail('When: Thu 4 Mar 2027 15:00', { date: 'Mon, 1 Mar 2027 10:00:00 +0100' }));
    await harness.deliver(mail('When: Fri 5 Mar 2027 09:30', { subject: 'Fwd: Call with Ann', date: 'Mon, 1 Mar 2027 09:00:00 -0000' }));
    expect((await interviews()).find((i) => i.title === 'Call with Ann')).toMatchObject({ startUtc: '2027-03-05T08:30:00Z' });
  });

  it('asks instead of logging a text invitation whose time has passed', async () => {
    expect(await harness.deliver(mail('When: Mon 1 Feb 2027 15:00'))).toMatchObject({ detail: { outcome: 'needs-time' } });
    expect((await harness.outbox()).at(-1)!.text).toContain('is in the past, so nothing was logged');
    expect(await interviews()).toEqual([]);
  });

  it('asks about a reschedule to a past time or to "3/4", and moves nothing', async () => {
    await harness.deliver(mail('When: Thu 4 Mar 2027 15:00'));
    const confirmation = await replyTo('Logged');
    await harness.deliver(`From: ${USER}\r\nSubject: Re\r\nMessage-ID: <r1@example.de>\r\n\r\nreschedule 3/4 10:00\r\n`, {
      to: confirmation,
    });
    expect((await harness.outbox()).at(-1)!.text).toContain('"3/4" could be 3 April or 4 March');
    await harness.deliver(`From: ${USER}\r\nSubject: Re\r\nMessage-ID: <r2@example.de>\r\n\r\nmoved to Mon 1 Feb 2027 10:00\r\n`, {
      to: confirmation,
    });
    expect((await harness.outbox()).at(-1)!.text).toContain('is in the past');
    expect((await interviews())[0]).toMatchObject({ startUtc: '2027-03-04T14:00:00Z' });
  });

  it('says what it chose for "Eastern Time" and "UTC+1"', async () => {
    await harness.deliver(mail('When: Thu 4 Mar 2027 15:00'));
    const confirmation = await replyTo('Logged');
    await harness.deliver(`From: ${USER}\r\nSubject: Re\r\nMessage-ID: <z1@example.de>\r\n\r\ntimezone: Eastern Time\r\n`, {
      to: confirmation,
    });
    expect((await harness.outbox()).at(-1)!.text).toContain('Times are now shown in America/New_York (that is how I read "Eastern Time"');
    await harness.deliver(`From: ${USER}\r\nSubject: Re\r\nMessage-ID: <z2@example.de>\r\n\r\ntimezone: UTC+1\r\n`, { to: confirmation });
    expect((await harness.outbox()).at(-1)!.text).toContain(
      'Etc/GMT-1 (that is how I read "UTC+1": a fixed offset, without daylight saving',
    );
  });
});
