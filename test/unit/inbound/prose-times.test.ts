import { parseMessage } from '../../../functions/inbound/parse-message';
import { readInvitation } from '../../../functions/inbound/read-invitation';
import { findJoinLink, isVideoUrl } from '../../../functions/inbound/video-link';

/** Times, zones and join links written as people write them, read from a whole message as Rapport reads it. */
async function read(body: string, headers: { subject?: string; date?: string; from?: string } = {}) {
  const raw = [
    `From: ${headers.from ?? 'Dana Whitfield <dana@acme.example>'}`,
    'To: Sam Lee <sam@example.org>',
    `Subject: ${headers.subject ?? 'Re: informational interview'}`,
    `Date: ${headers.date ?? 'Mon, 1 Mar 2027 09:00:00 +0000'}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
  const result = readInvitation(await parseMessage(Buffer.from(raw)), new Date('2027-03-01T09:00:00Z'));
  return result.ok ? result.invitation : undefined;
}

describe('times in running text', () => {
  test.each([
    ['Thursday at 2pm Eastern works for me.', '2027-03-04T19:00:00Z', undefined],
    ['How about Thursday 4 March, 10:00 - 11:00 AM PST?', '2027-03-04T18:00:00Z', '2027-03-04T19:00:00Z'],
    ['Let us meet on 4 March 10–10:30 UTC.', '2027-03-04T10:00:00Z', '2027-03-04T10:30:00Z'],
    ['Passt dir Donnerstag, 4. März um 14:00 Uhr MEZ?', '2027-03-04T13:00:00Z', undefined],
    ['On se voit jeudi 4 mars à 14h00 CET ?', '2027-03-04T13:00:00Z', undefined],
    ['¿Te va bien el jueves 4 de marzo a las 14:00 CET?', '2027-03-04T13:00:00Z', undefined],
    ['Pode ser quinta-feira, 4 de março às 14:00 WET?', '2027-03-04T14:00:00Z', undefined],
    ['Ci vediamo giovedì 4 marzo alle 14:00 CET?', '2027-03-04T13:00:00Z', undefined],
    ['Zullen we donderdag 4 maart om 14:00 CET afspreken?', '2027-03-04T13:00:00Z', undefined],
    ['Time: Mar 4, 2027 09:30 AM Pacific Time (US and Canada)', '2027-03-04T17:30:00Z', undefined],
    ['Event Date/Time:\n10:00am - Thursday, March 4, 2027 (Pacific Time - US & Canada)', '2027-03-04T18:00:00Z', undefined],
  ])('%s', async (body, startUtc, endUtc) => {
    const invitation = await read(body);
    expect({ startUtc: invitation?.startUtc, endUtc: invitation?.endUtc }).toEqual({ startUtc, endUtc });
  });

  test('"today" is the message’s own day, not the day it is read', async () => {
    const invitation = await read('The review is today 15:00 - 16:00 CET.', { date: 'Tue, 2 Mar 2027 08:00:00 +0100' });
    expect(invitation?.startUtc).toBe('2027-03-02T14:00:00Z');
  });

  test('in a forward, "tomorrow" is the day after the quoted reply was written, not after the forward', async () => {
    const body = [
      '---------- Forwarded message ---------',
      'From: Dana Whitfield <dana@acme.example>',
      'Date: Mon, Mar 8, 2027 at 9:41 AM',
      'Subject: Re: informational interview',
      '',
      'Tomorrow at 2pm Eastern works for me.',
    ].join('\n');
    const invitation = await read(body, { from: 'Sam Lee <sam@example.org>', date: 'Tue, 9 Mar 2027 08:00:00 -0500' });
    expect(invitation).toMatchObject({ startUtc: '2027-03-09T19:00:00Z', organizerEmail: 'dana@acme.example' });
  });

  test('a standard-time abbreviation used in summer is the region’s clock that day', async () => {
    const invitation = await read('Wednesday, June 9 at 10:00 AM CST', { date: 'Tue, 8 Jun 2027 19:00:00 -0500' });
    expect(invitation).toMatchObject({
      startUtc: '2027-06-09T15:00:00Z',
      timeZone: 'America/Chicago',
      timeNote: '“CST” read as the clock in America/Chicago that day (UTC−05:00), not as UTC−06:00.',
    });
  });

  test('CST from a sender in UTC+8 is China’s, IST from a sender in Ireland is Irish', async () => {
    const china = await read('Friday 5 March at 10:00 CST', { date: 'Mon, 1 Mar 2027 09:00:00 +0800' });
    expect(china).toMatchObject({ startUtc: '2027-03-05T02:00:00Z', timeZone: 'Asia/Shanghai' });
    const ireland = await read('Friday 5 March at 10:00 IST', { date: 'Mon, 1 Mar 2027 09:00:00 +0000' });
    expect(ireland).toMatchObject({ startUtc: '2027-03-05T10:00:00Z', timeZone: 'Europe/Dublin' });
    const india = await read('Friday 5 March at 10:00 IST', { date: 'Mon, 1 Mar 2027 09:00:00 +0530' });
    expect(india).toMatchObject({ startUtc: '2027-03-05T04:30:00Z', timeZone: 'Asia/Kolkata' });
  });

  test('no zone named: the wall time as written, for the user’s own zone', async () => {
    const invitation = await read('Can we talk Friday 5 March at 15:00?');
    expect(invitation).toMatchObject({
      startLocal: '2027-03-05T15:00:00',
      timeNote: 'No time zone was named, so the time was read in yours.',
    });
    expect(invitation?.startUtc).toBeUndefined();
  });

  test('a numeric date is settled by the weekday it names, and asked about when the weekday contradicts it', async () => {
    // 4 March 2027 is a Thursday, 3 April a Saturday.
    expect((await read('Thursday, 4/3/27 at 10:00 AM ET'))?.startUtc).toBe('2027-03-04T15:00:00Z');
    expect((await read('Saturday, 4/3/27 at 10:00 AM ET'))?.startUtc).toBe('2027-04-03T14:00:00Z');
    expect(await read('Monday, 4/3/27 at 10:00 AM ET')).toBeUndefined();
  });

  test('a quote header’s time is not the meeting’s', async () => {
    expect(await read('Sounds good.\n\nOn Mon, 1 Mar 2027 at 08:00, Sam Lee <sam@example.org> wrote:\n> Coffee?')).toBeUndefined();
  });
});

describe('join links', () => {
  test.each([
    'https://acme.webex.com/acme/j.php?MTID=m0123',
    'https://meet.jit.si/InformationalChat',
    'https://jitsi.example.org/weekly-sync',
    'https://bbb.example.edu/b/sam-x7k-2pq',
    'https://conf.example.org/bigbluebutton/api/join?meetingID=1',
    'https://whereby.com/dana-room',
  ])('%s is a join link', (url) => {
    expect(isVideoUrl(url)).toBe(true);
  });

  test('a link on or after a "join" line is the join link when no provider’s is there', () => {
    expect(findJoinLink('Agenda below.\nJoin the call here:\nhttps://talk.example.net/room/42\n')).toBe('https://talk.example.net/room/42');
    expect(findJoinLink('Read more at https://example.net/blog')).toBeUndefined();
  });
});
