import { renderAll } from '../../../templates/fixture-renders';
import { FIXTURES, HOSTILE_TEMPLATE_SYNTAX, type FixtureName } from '../../../templates/fixtures';
import { renderConfirmation } from '../../../functions/emails/confirmation';
import { renderPrepBrief } from '../../../functions/emails/prep-brief';
import { renderThankYou } from '../../../functions/emails/thank-you';
import { renderThankYouNudge } from '../../../functions/emails/thank-you-nudge';

const fixtureNames = Object.keys(FIXTURES) as FixtureName[];
const FORBIDDEN = ['{{', 'undefined', 'NaN', 'Invalid Date', 'Invalid DateTime', 'null', '[object Object]'];

/** HTML attribute values as a browser reads them. */
function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => decodeEntities(match[1] ?? ''));
}

describe.each(fixtureNames)('every email rendered from the %s fixture', (fixtureName) => {
  const rendered = renderAll(FIXTURES[fixtureName]);

  it.each(rendered.map((r) => [r.name, r.email] as const))('%s never shows template leftovers or broken values', (_name, email) => {
    for (const part of [email.subject, email.html, email.text]) {
      let scrubbed = part;
      if (fixtureName === 'hostile') for (const literal of HOSTILE_TEMPLATE_SYNTAX) scrubbed = scrubbed.split(literal).join('');
      for (const forbidden of FORBIDDEN) expect(scrubbed).not.toContain(forbidden);
    }
  });

  it.each(rendered.map((r) => [r.name, r.email] as const))('%s has a one-line, bounded subject', (_name, email) => {
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.subject.length).toBeLessThanOrEqual(160);
  });

  it.each(rendered.map((r) => [r.name, r.email] as const))('%s writes every web link out in the plain-text twin', (_name, email) => {
    for (const href of hrefs(email.html).filter((h) => h.startsWith('http'))) expect(email.text).toContain(href);
    expect(email.text.trim().length).toBeGreaterThan(100);
  });

  it.each(rendered.map((r) => [r.name, r.email] as const))('%s only links to http(s) and mailto', (_name, email) => {
    for (const href of hrefs(email.html)) expect(href).toMatch(/^(https?:|mailto:)/);
  });

  it('matches the subjects and plain text we reviewed', () => {
    expect(Object.fromEntries(rendered.map((r) => [r.name, `Subject: ${r.email.subject}\n\n${r.email.text}`]))).toMatchSnapshot();
  });
});

describe('HTML snapshots', () => {
  it.each(renderAll(FIXTURES.berlin).map((r) => [r.name, r.email.html] as const))('%s', (_name, html) => {
    expect(html).toMatchSnapshot();
  });
});

describe('what the user reads', () => {
  const berlin = FIXTURES.berlin;
  const brand = { domain: 'rapport.example.com' };

  it('names the prep brief for whom, where and when, in the user’s zone', () => {
    const email = renderPrepBrief({
      ...brand,
      user: berlin.user,
      interview: berlin.interview,
      notes: [],
      isFollowUp: false,
      now: berlin.prepBriefAt,
    });
    expect(email.subject).toBe('Prep brief: coffee chat with Jane Doe (Acme) — Tue 3 Dec 15:00 CET');
    expect(email.text).toContain('When: Tue 3 Dec 2024, 15:00–15:30 CET (Europe/Berlin)');
    expect(email.text).toContain('Invitation’s time: 09:00–09:30 EST (America/New_York)');
    expect(email.text).toContain('Length: 30 minutes');
    expect(email.text).toContain('Join link: meet.google.com/abc-defg-hij <https://meet.google.com/abc-defg-hij>');
    expect(email.text).toContain('is tomorrow at 15:00 CET');
    expect(email.text).toContain('https://www.google.com/search?q=%22Jane+Doe%22+Acme+LinkedIn');
    expect(email.text).toContain(berlin.user.pitch);
    expect(email.html).toContain('href="https://meet.google.com/abc-defg-hij"');
  });

  it('asks for a pitch when the user has none, and leaves out what is unknown', () => {
    const sparse = FIXTURES.sparse;
    const email = renderPrepBrief({
      ...brand,
      user: sparse.user,
      interview: sparse.interview,
      notes: [],
      isFollowUp: false,
      now: sparse.prepBriefAt,
    });
    expect(email.subject).toBe('Prep brief: chat with r.osei@northwind.io — Tue 10 Dec 12:00 EST');
    expect(email.text).toContain('Reply "pitch: …" with yours');
    expect(email.text).not.toMatch(/^(Company|Where|Join link):/m);
    expect(email.text).toContain('Listen more than you talk — they are the expert here.');
  });

  it('shows the time after the clocks go back when the interview was logged before', () => {
    const dst = FIXTURES.dst;
    const email = renderConfirmation({
      ...brand,
      user: dst.user,
      interview: dst.interview,
      change: 'new',
      now: dst.loggedAt,
      prepBriefAtUtc: dst.prepBriefAt.toISOString(),
      thankYouAtUtc: dst.thankYouAt.toISOString(),
    });
    // 15:00 UTC on 2 Nov 2025 is 10:00 EST (UTC−5); on 20 Oct New York was on EDT (UTC−4).
    expect(email.subject).toBe('Logged: call with Marco Rossi (Studio Rossi) — Sun 2 Nov 10:00 EST');
    expect(email.text).toContain('When: Sun 2 Nov 2025, 10:00–10:45 EST (America/New_York)');
    expect(email.text).toContain('Invitation’s time: 16:00–16:45 CET (Europe/Rome)');
    expect(email.text).toContain('Prep brief: Sat 1 Nov, 11:00 EDT');
    expect(email.text).toContain('Thank-you draft: Sun 2 Nov, 11:45 EST');
  });

  it('tells the user how to change an inferred time zone, and only then', () => {
    const sparse = renderAll(FIXTURES.sparse).find((r) => r.name === 'confirmation')!.email;
    expect(sparse.text).toContain('Times are shown in your time zone, America/New_York (EST). We guessed it from your invitation');
    expect(sparse.text).toContain('"timezone: Europe/Berlin"');
    const berlinConfirmation = renderAll(berlin).find((r) => r.name === 'confirmation')!.email;
    expect(berlinConfirmation.text).not.toContain('We guessed it');
  });

  it('shows old and new times when an invitation moved, and stopped reminders when cancelled', () => {
    const [, updated, cancelled] = renderAll(berlin);
    expect(updated!.email.subject).toBe('Updated: coffee chat with Jane Doe (Acme) — now Tue 3 Dec 15:00 CET');
    expect(updated!.email.text).toContain('Moved from: Mon 2 Dec 2024, 10:00–10:30 CET (Europe/Berlin)');
    expect(updated!.email.text).toContain('to: Tue 3 Dec 2024, 15:00–15:30 CET (Europe/Berlin)');
    expect(cancelled!.email.subject).toBe('Cancelled: coffee chat with Jane Doe (Acme) — reminders stopped');
    expect(cancelled!.email.text).toContain('Reminders stopped: No prep brief and no thank-you draft');
  });

  it('says a prep brief due at once is on its way', () => {
    const sparse = renderAll(FIXTURES.sparse).find((r) => r.name === 'confirmation')!.email;
    expect(sparse.text).toContain('Prep brief: On its way in a moment');
  });

  it('escapes a hostile invitation everywhere and never links a script URL', () => {
    for (const { email } of renderAll(FIXTURES.hostile)) {
      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('<img src=x');
      expect(email.html).not.toContain('<svg');
      expect(email.html).not.toMatch(/href="javascript:/i);
    }
    const prep = renderAll(FIXTURES.hostile).find((r) => r.name === 'prep-brief')!.email;
    expect(prep.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(prep.text).toContain('What: <script>alert(1)</script>');
    expect(prep.text).toContain('Company: {{constructor.name}} & <i>Co</i>');
    expect(prep.html).toContain('{{constructor.name}} &amp; &lt;i&gt;Co&lt;/i&gt;');
    expect(prep.subject).not.toMatch(/[\r\n]/);
    expect(prep.subject).toContain('Mallory Bcc: victim@example.com');
  });

  it('drafts a thank-you from the notes, with a plain deadline and a mailto that decodes back to the draft', () => {
    const email = renderThankYou({
      ...brand,
      user: berlin.user,
      interview: berlin.interview,
      notes: berlin.notes,
      now: berlin.thankYouAt,
      referral: berlin.referral!,
    });
    expect(email.subject).toBe('Thank-you draft for Jane Doe — send by Wed 4 Dec 15:30 CET');
    expect(email.text).toContain('Send by Wed 4 Dec, 15:30 CET (24 hours after you met).');
    expect(email.text).toContain('Hi Jane,');
    expect(email.text).toContain(
      'I especially appreciated what you said about how new managers at Acme keep one day a week for hands-on work',
    );
    expect(email.text).toContain('and for introducing me to Bob Lee.');
    expect(email.text).toContain('I will reach out to Bob soon');
    expect(email.text).toContain('Warm regards,\nAlex Kim');
    expect(email.text).toContain('How did it go? Reply with two or three things you learned and anyone they suggested you talk to.');
    expect(email.text).not.toMatch(/ask.*(job|position|opening)/i);

    const mailto = hrefs(email.html).find((href) => href.startsWith('mailto:jane.doe@acme.com?'))!;
    const url = new URL(mailto);
    expect(url.pathname).toBe('jane.doe@acme.com');
    expect(mailto).not.toMatch(/[ \n]/);
    const subject = decodeURIComponent(/[?&]subject=([^&]*)/.exec(mailto)![1]!);
    const body = decodeURIComponent(/[?&]body=([^&]*)/.exec(mailto)![1]!);
    expect(subject).toBe('Thank you for our conversation about the Engineering Manager role at Acme');
    const subjectLine = `Subject: ${subject}\n\n`;
    const draft = email.text.slice(email.text.indexOf(subjectLine) + subjectLine.length, email.text.indexOf('\n----- end of draft -----'));
    expect(body).toBe(draft.replace(/\n/g, '\r\n'));
  });

  it('leaves clearly marked blanks when there are no notes and no name', () => {
    const sparse = FIXTURES.sparse;
    const email = renderThankYou({ ...brand, user: sparse.user, interview: sparse.interview, notes: [], now: sparse.thankYouAt });
    expect(email.text).toContain('Hello,');
    expect(email.text).toContain('[one specific thing you learned]');
    expect(email.text).toContain('[your name]');
    expect(email.text).toContain('Fill in the part in [brackets]');
  });

  it('nudges with the hours left, and stays kind once the day has passed', () => {
    const nudge = renderThankYouNudge({ ...brand, user: berlin.user, interview: berlin.interview, notes: [], now: berlin.nudgeAt });
    expect(nudge.subject).toBe('About 4 hours left to thank Jane Doe');
    const late = renderThankYouNudge({
      ...brand,
      user: berlin.user,
      interview: berlin.interview,
      notes: [],
      now: new Date('2024-12-05T09:00:00Z'),
    });
    expect(late.subject).toBe('Still time to thank Jane Doe');
    expect(late.text).toContain('send it today');
  });

  it('renders without a domain, leaving the addresses out of the footer', () => {
    const email = renderConfirmation({ user: berlin.user, interview: berlin.interview, change: 'new', timeZoneInferred: false });
    expect(email.text).not.toContain('@rapport');
    expect(email.text).toContain('Reply to this email to correct anything');
  });
});
