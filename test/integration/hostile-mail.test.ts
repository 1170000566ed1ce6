import {
  calendar,
  calendarMessage,
  event,
  forwardFanOut,
  HTML_BOMB_UNITS,
  hourlyZoneCalendar,
  message,
  minutelyZoneCalendar,
  multipart,
  nestedParts,
  outlookZone,
} from '../support/hostile-mail';
import { startHarness, type Harness } from '../support/workflow-harness';

/**
 * The attacks of issue 10, delivered as mail: what the sender gets back. Each read stays within
 * the read budget (bench/read-budget.ts checks that in separate processes); here the point is
 * the answer — a clear "couldn't read this" naming what was too much, or the invitation read as
 * if the padding were not there — and that nothing is stored from a message that could not be read.
 */
const SENDER = 'Jane Doe <jane@example.com>';

describe('hostile mail gets a clear answer', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({ now: '2027-02-22T09:00:00Z' });
  });
  afterEach(async () => harness.close());

  async function onlyAnswer(): Promise<{ subject: string; text: string }> {
    const sent = await harness.outbox();
    expect(sent).toHaveLength(1);
    return sent[0]!;
  }

  async function interviewsOfSender(): Promise<number> {
    const userId = await harness.store.findUserIdByEmail('jane@example.com');
    if (!userId) return 0;
    return (await harness.store.listInterviews(userId, { fromUtc: '1900-01-01T00:00:00Z', toUtc: '2300-01-01T00:00:00Z' })).length;
  }

  it.each([
    ['every minute since 1900', minutelyZoneCalendar(), 'changes its offset every minute'],
    ['every hour since 1900', hourlyZoneCalendar(), 'changes its offset every hour'],
  ])('answers a calendar whose own time zone changes %s with what is wrong, and logs nothing', async (_what, zoneCalendar, problem) => {
    expect(await harness.deliver(calendarMessage(zoneCalendar), { from: SENDER })).toMatchObject({ detail: { outcome: 'unreadable' } });
    const answer = await onlyAnswer();
    expect(answer.subject).toBe("Couldn't read “Invitation: Coffee chat”");
    expect(answer.text).toContain(`the time zone “Bomb” in its calendar ${problem}, which no real time zone does`);
    expect(answer.text).toContain('Forward the calendar invitation itself');
    expect(await interviewsOfSender()).toBe(0);
  });

  it('reads an Outlook zone whose rules start in 1601 at the right offset, winter and summer', async () => {
    const invite = (day: string, uid: string) =>
      calendarMessage(calendar([outlookZone(), event({ tzid: 'W. Europe Standard Time', uid }).replace(/20270302/g, day)])).replace(
        '<hostile@example.com>',
        `<${uid}>`,
      );
    expect(await harness.deliver(invite('20270302', 'winter@example.com'), { from: SENDER })).toMatchObject({
      detail: { outcome: 'created' },
    });
    expect(await harness.deliver(invite('20270706', 'summer@example.com'), { from: SENDER })).toMatchObject({
      detail: { outcome: 'created' },
    });
    const userId = (await harness.store.findUserIdByEmail('jane@example.com'))!;
    const interviews = await harness.store.listInterviews(userId, { fromUtc: '2027-01-01T00:00:00Z', toUtc: '2028-01-01T00:00:00Z' });
    expect(interviews.map((i) => i.startUtc).sort()).toEqual(['2027-03-02T14:00:00Z', '2027-07-06T13:00:00Z']);
  });

  it.each(HTML_BOMB_UNITS.slice(0, 3).map((unit) => [unit]))(
    'reads the invitation above half a megabyte of unclosed %s tags',
    async (unit) => {
      const body = `<p>When: Tuesday 2 March 2027 15:00-15:30 (UTC+01:00) Amsterdam, Berlin</p><p>Coffee chat with Sam</p>${unit.repeat((512 * 1024) / unit.length)}`;
      const html = message({ subject: 'Fwd: Coffee chat', contentType: 'text/html; charset=utf-8', body });
      expect(await harness.deliver(html, { from: SENDER })).toMatchObject({ detail: { outcome: 'created' } });
      const userId = (await harness.store.findUserIdByEmail('jane@example.com'))!;
      const [interview] = await harness.store.listInterviews(userId, { fromUtc: '2027-01-01T00:00:00Z', toUtc: '2028-01-01T00:00:00Z' });
      expect(interview).toMatchObject({ startUtc: '2027-03-02T14:00:00Z', endUtc: '2027-03-02T14:30:00Z' });
    },
  );

  it('answers forwards of forwards 25 × 25 × 25 calendars wide with what is too much, and logs nothing', async () => {
    expect(await harness.deliver(forwardFanOut(25, 3), { from: SENDER })).toMatchObject({ detail: { outcome: 'unreadable' } });
    const answer = await onlyAnswer();
    expect(answer.subject).toBe("Couldn't read “Fwd: Coffee chat”");
    expect(answer.text).toContain('it has more than 1000 MIME parts');
    expect(await interviewsOfSender()).toBe(0);
  });

  it('answers MIME parts nested 60 deep with what is too much, and logs nothing', async () => {
    expect(await harness.deliver(nestedParts(60), { from: SENDER })).toMatchObject({ detail: { outcome: 'unreadable' } });
    const answer = await onlyAnswer();
    expect(answer.subject).toBe("Couldn't read “Fwd: Coffee chat”");
    expect(answer.text).toContain('its MIME parts are nested more than 50 levels deep');
    expect(await interviewsOfSender()).toBe(0);
  });

  it('reads the invitation beside an attached message nested 60 deep, leaving that one unread', async () => {
    const invitationPart = `Content-Type: text/calendar; method=REQUEST\r\n\r\n${calendar([event()])}`;
    const attached = `Content-Type: message/rfc822\r\n\r\n${nestedParts(60)}`;
    expect(await harness.deliver(multipart([invitationPart, attached], 'Fwd: Coffee chat'), { from: SENDER })).toMatchObject({
      detail: { outcome: 'created' },
    });
  });

  it('reads the invitation in MIME parts nested 40 deep, within the limit', async () => {
    expect(await harness.deliver(nestedParts(40), { from: SENDER })).toMatchObject({ detail: { outcome: 'created' } });
  });

  it('answers a narrower fan-out, within the part limit, by the number of forwarded messages', async () => {
    expect(await harness.deliver(forwardFanOut(6, 3), { from: SENDER })).toMatchObject({ detail: { outcome: 'unreadable' } });
    expect((await onlyAnswer()).text).toContain('it holds more than 20 forwarded messages');
    expect(await interviewsOfSender()).toBe(0);
  });
});
