import type { Contact, Interview, Note, Person, User } from '../functions/domain/model';
import { renderConfirmation } from '../functions/emails/confirmation';
import { renderDigest } from '../functions/emails/digest';
import { renderHelp } from '../functions/emails/help';
import { renderNeedsTime } from '../functions/emails/needs-time';
import { renderNoInvitation } from '../functions/emails/no-invitation';
import { renderNotEnabled } from '../functions/emails/not-enabled';
import { renderPrepBrief } from '../functions/emails/prep-brief';
import { renderReplyAck } from '../functions/emails/reply-ack';
import type { RenderedEmail } from '../functions/emails/shared';
import { renderThankYou } from '../functions/emails/thank-you';
import { renderThankYouNudge } from '../functions/emails/thank-you-nudge';
import { renderContacts } from '../functions/emails/contacts';
import { renderExport } from '../functions/emails/export';
import { renderKeepInTouch } from '../functions/emails/keep-in-touch';
import { renderList } from '../functions/emails/list';
import { renderReferralIntro } from '../functions/emails/referral-intro';

/**
 * Realistic inputs for every email kind, shared by the preview (`npm run preview`) and the
 * render tests. One fixture is hostile: markup, template syntax and header injection in every
 * field that comes from an email.
 */

export const DOMAIN = 'rapport.example.com';

export interface Fixture {
  /** What the fixture exercises, for test names. */
  description: string;
  user: User;
  interview: Interview;
  notes: Note[];
  /** When the confirmation is sent (the invitation is logged). */
  loggedAt: Date;
  prepBriefAt: Date;
  thankYouAt: Date;
  nudgeAt: Date;
  previous: { startUtc: string; endUtc: string };
  referral?: Person;
  referralContact: Contact;
}

function user(overrides: Partial<User>): User {
  return {
    userId: 'u-1',
    email: 'alex@example.org',
    timeZone: 'Europe/Berlin',
    timeZoneSource: 'set',
    digest: { enabled: true, weekday: 1, time: '08:00' },
    createdAt: '2024-11-01T09:00:00Z',
    ...overrides,
  };
}

function interview(overrides: Partial<Interview>): Interview {
  return {
    userId: 'u-1',
    interviewId: 'i-1',
    calendarUid: 'uid-1@example.com',
    sequence: 0,
    version: 1,
    status: 'scheduled',
    title: 'Coffee chat',
    startUtc: '2024-12-03T14:00:00Z',
    endUtc: '2024-12-03T14:30:00Z',
    allDay: false,
    attendees: [],
    createdAt: '2024-11-28T10:00:00Z',
    updatedAt: '2024-11-28T10:00:00Z',
    ...overrides,
  };
}

function at(iso: string): Date {
  return new Date(iso);
}

/**
 * When each email goes out for an interview at `interview()`'s own time (Tue 3 Dec 2024,
 * 14:00–14:30 UTC, logged on 28 Nov), and the time it had before it moved. They follow from that
 * time alone, so every fixture that keeps it reads them here rather than restating them.
 */
const AT_THE_DEFAULT_TIME = {
  loggedAt: at('2024-11-28T10:00:00Z'),
  prepBriefAt: at('2024-12-02T14:00:00Z'),
  thankYouAt: at('2024-12-03T15:30:00Z'),
  nudgeAt: at('2024-12-04T10:30:00Z'),
  previous: { startUtc: '2024-12-02T09:00:00Z', endUtc: '2024-12-02T09:30:00Z' },
} satisfies Partial<Fixture>;

export const FIXTURES = {
  berlin: {
    description: 'a full invitation: named contact at a company, video link, other zone, notes and a pitch',
    user: user({
      name: 'Alex Kim',
      pitch:
        "I'm a data analyst with five years in retail logistics, exploring a move into engineering management. I'm curious how people make that jump and what they wish they'd known.",
    }),
    interview: interview({
      title: 'Coffee chat: Alex Kim / Jane Doe',
      contact: { name: 'Jane Doe', email: 'jane.doe@acme.com' },
      organizer: { name: 'Jane Doe', email: 'jane.doe@acme.com' },
      attendees: [{ name: 'Alex Kim', email: 'alex@example.org' }],
      company: 'Acme',
      role: 'Engineering Manager',
      eventTimeZone: 'America/New_York',
      location: 'Google Meet',
      videoUrl: 'https://meet.google.com/abc-defg-hij',
    }),
    notes: [
      {
        userId: 'u-1',
        interviewId: 'i-1',
        createdAt: '2024-12-03T15:05:00Z',
        text: 'New managers at Acme keep one day a week for hands-on work, which keeps them credible with the team.\nShe suggested I talk to Bob Lee <bob@lee.io>.',
      },
    ],
    ...AT_THE_DEFAULT_TIME,
    referral: { name: 'Bob Lee', email: 'bob@lee.io' },
    referralContact: {
      userId: 'u-1',
      email: 'bob@lee.io',
      name: 'Bob Lee',
      company: 'Lee Consulting',
      source: 'referral',
      fromInterviewId: 'i-1',
      context: 'Ran platform teams at two start-ups; Jane says he is generous with his time.',
      createdAt: '2024-12-03T15:05:00Z',
    },
  },
  sparse: {
    description: 'the least we can know: an address, no names, no company, no location, no notes, an inferred zone',
    user: user({ timeZone: 'America/New_York', timeZoneSource: 'inferred', email: 'sam@example.net' }),
    interview: interview({
      title: 'Informational interview',
      contact: { email: 'r.osei@northwind.io' },
      startUtc: '2024-12-10T17:00:00Z',
      endUtc: '2024-12-10T17:20:00Z',
    }),
    notes: [],
    loggedAt: at('2024-12-09T20:00:00Z'),
    prepBriefAt: at('2024-12-09T20:00:00Z'),
    thankYouAt: at('2024-12-10T18:20:00Z'),
    nudgeAt: at('2024-12-11T13:20:00Z'),
    previous: { startUtc: '2024-12-10T16:00:00Z', endUtc: '2024-12-10T16:20:00Z' },
    referralContact: {
      userId: 'u-1',
      email: 'kim@northwind.io',
      source: 'referral',
      createdAt: '2024-12-10T18:00:00Z',
    },
  },
  dst: {
    description: 'an interview on 2 Nov 2025 in New York, logged in October (before the clocks go back)',
    user: user({ name: 'Priya Raman', timeZone: 'America/New_York', email: 'priya@example.com' }),
    interview: interview({
      title: 'Call with Marco Rossi',
      contact: { name: 'Rossi, Marco', email: 'marco@studio-rossi.it' },
      company: 'Studio Rossi',
      eventTimeZone: 'Europe/Rome',
      location: 'https://zoom.us/j/123456789?pwd=abcDEF',
      startUtc: '2025-11-02T15:00:00Z',
      endUtc: '2025-11-02T15:45:00Z',
      createdAt: '2025-10-20T14:00:00Z',
      updatedAt: '2025-10-20T14:00:00Z',
    }),
    notes: [],
    loggedAt: at('2025-10-20T14:00:00Z'),
    prepBriefAt: at('2025-11-01T15:00:00Z'),
    thankYouAt: at('2025-11-02T16:45:00Z'),
    nudgeAt: at('2025-11-03T12:45:00Z'),
    previous: { startUtc: '2025-10-30T14:00:00Z', endUtc: '2025-10-30T14:45:00Z' },
    referralContact: {
      userId: 'u-1',
      email: 'ana@example.it',
      name: 'Ana Ferri',
      source: 'referral',
      createdAt: '2025-11-02T17:00:00Z',
    },
  },
  hostile: {
    description: 'a hostile invitation: markup, template syntax, header injection and script URLs',
    user: user({
      name: '<b>Eve</b>',
      pitch: '</div><script>alert("pitch")</script>{{constructor.name}}',
    }),
    interview: interview({
      title: '<script>alert(1)</script>',
      contact: { name: '"><img src=x onerror=alert(1)> Mallory\r\nBcc: victim@example.com', email: 'mallory@evil.example' },
      company: '{{constructor.name}} & <i>Co</i>',
      role: "' onmouseover='alert(1)",
      location: 'javascript:alert(1)',
      videoUrl: 'javascript:alert(document.cookie)',
    }),
    notes: [
      {
        userId: 'u-1',
        interviewId: 'i-1',
        createdAt: '2024-12-03T15:05:00Z',
        text: '<script>steal()</script> they said {{secret}} matters & "quotes" too',
      },
    ],
    ...AT_THE_DEFAULT_TIME,
    referral: { name: '<svg onload=alert(1)>', email: 'x@evil.example' },
    referralContact: {
      userId: 'u-1',
      email: 'x@evil.example',
      name: '<svg onload=alert(1)>',
      source: 'referral',
      context: '{{#each this}}<b>{{/each}}',
      createdAt: '2024-12-03T15:05:00Z',
    },
  },
} satisfies Record<string, Fixture>;

export type FixtureName = keyof typeof FIXTURES;

/** Strings a hostile fixture puts in on purpose; checks for template leakage ignore them. */
export const HOSTILE_TEMPLATE_SYNTAX = ['{{constructor.name}}', '{{secret}}', '{{#each this}}', '{{/each}}'];

type Rendered = Array<{ name: string; email: RenderedEmail }>;
const brand = { domain: DOMAIN };

/** Every email kind (and variant) rendered from one fixture, named `<kind>[-variant]`. */
export function renderAll(fixture: Fixture): Rendered {
  return [...interviewEmails(fixture), ...answers(fixture), ...digests(fixture)];
}

/** The confirmation and the reminders of one interview. */
function interviewEmails(fixture: Fixture): Rendered {
  const { user, interview, notes } = fixture;
  const afterMeeting = { ...interview, status: 'done' as const };
  return [
    {
      name: 'confirmation',
      email: renderConfirmation({
        ...brand,
        user,
        interview,
        change: 'new',
        prepBriefAtUtc: fixture.prepBriefAt.toISOString(),
        thankYouAtUtc: fixture.thankYouAt.toISOString(),
        now: fixture.loggedAt,
      }),
    },
    {
      name: 'confirmation-updated',
      email: renderConfirmation({
        ...brand,
        user,
        interview: { ...interview, version: 2, sequence: 1 },
        change: 'updated',
        previous: fixture.previous,
        prepBriefAtUtc: fixture.prepBriefAt.toISOString(),
        thankYouAtUtc: fixture.thankYouAt.toISOString(),
        now: fixture.loggedAt,
      }),
    },
    {
      name: 'confirmation-cancelled',
      email: renderConfirmation({ ...brand, user, interview: { ...interview, status: 'cancelled', version: 2 }, change: 'cancelled', now: fixture.loggedAt }),
    },
    { name: 'prep-brief', email: renderPrepBrief({ ...brand, user, interview, notes: [], isFollowUp: false, now: fixture.prepBriefAt }) },
    {
      name: 'prep-brief-follow-up',
      email: renderPrepBrief({
        ...brand,
        user,
        interview,
        notes,
        isFollowUp: true,
        now: fixture.prepBriefAt,
        industry: 'software',
        ...(fixture.referral ? { referredBy: fixture.referral } : {}),
      }),
    },
    {
      name: 'thank-you',
      email: renderThankYou({ ...brand, user, interview: afterMeeting, notes, now: fixture.thankYouAt, ...(fixture.referral ? { referral: fixture.referral } : {}) }),
    },
    { name: 'thank-you-nudge', email: renderThankYouNudge({ ...brand, user, interview: afterMeeting, notes, now: fixture.nudgeAt }) },
    {
      name: 'thank-you-nudge-late',
      email: renderThankYouNudge({ ...brand, user, interview: afterMeeting, notes, now: new Date(fixture.nudgeAt.getTime() + 8 * 3_600_000) }),
    },
  ];
}

/** The answers to mail that logs nothing (help, no invitation, no time, not enabled) and to replies. */
function answers(fixture: Fixture): Rendered {
  const { user, interview } = fixture;
  return [
    { name: 'help', email: renderHelp({ ...brand, user }) },
    { name: 'no-invitation', email: renderNoInvitation({ ...brand, user, subject: `Fwd: ${interview.title}` }) },
    {
      name: 'needs-time',
      email: renderNeedsTime({
        ...brand,
        user,
        title: interview.title,
        ...(interview.contact ? { contact: interview.contact } : {}),
        ...(interview.company ? { company: interview.company } : {}),
      }),
    },
    { name: 'not-enabled', email: renderNotEnabled({ ...brand, senderEmail: interview.contact?.email ?? user.email }) },
    {
      name: 'reply-ack',
      email: renderReplyAck({
        ...brand,
        user,
        interview,
        understood: ['Saved your note.', `Company set to ${interview.company ?? 'Northwind'}.`],
        problems: ['“reschedule someday” — I could not read a date in that. Try “reschedule Thu 10:00”.'],
        offeredReferrals: [fixture.referral ? `${fixture.referral.name} <${fixture.referral.email}>` : 'kim@northwind.io'],
      }),
    },
  ];
}

function digests(fixture: Fixture): Rendered {
  const { user, interview } = fixture;
  return [
    {
      name: 'digest',
      email: renderDigest({
        ...brand,
        user,
        now: fixture.loggedAt,
        upcoming: [interview],
        thankYous: {
          shown: [{ n: 1, kind: 'thank-you', ref: 'i-0', dueUtc: fixture.previous.endUtc, label: `${interview.title} — ${interview.contact?.name ?? 'them'}`, detail: 'A late thank-you still beats none.' }],
          more: 0,
          moreUnknown: false,
        },
        referrals: {
          shown: [{ n: 2, kind: 'referral', ref: fixture.referralContact.email, dueUtc: fixture.referralContact.createdAt, label: `${fixture.referralContact.name ?? fixture.referralContact.email}`, detail: 'Ask for an introduction.' }],
          more: 3,
          moreUnknown: false,
        },
        followUps: { shown: [], more: 0, moreUnknown: false },
        heldThisWeek: 1,
        totals: { interviewsLogged: 6, held: 4, contacts: 9, referrals: 2, followUpsDone: 1, notes: 3, lastHeldUtc: fixture.previous.endUtc },
      }),
    },
    {
      name: 'digest-quiet',
      email: renderDigest({
        ...brand,
        user,
        now: fixture.loggedAt,
        upcoming: [],
        thankYous: { shown: [], more: 0, moreUnknown: false },
        referrals: { shown: [], more: 0, moreUnknown: false },
        followUps: { shown: [], more: 0, moreUnknown: false },
        heldThisWeek: 0,
        totals: { interviewsLogged: 0, held: 0, contacts: 0, referrals: 0, followUpsDone: 0, notes: 0 },
      }),
    },
    {
      name: 'keep-in-touch',
      email: renderKeepInTouch({
        ...brand,
        user,
        contact: { userId: user.userId, email: interview.contact?.email ?? 'jane@example.com', ...(interview.contact?.name ? { name: interview.contact.name } : {}), source: 'interview', lastTouchUtc: interview.startUtc, firstMetUtc: interview.startUtc, createdAt: interview.startUtc },
        firstFollowUp: true,
      }),
    },
    {
      name: 'referral-intro',
      email: renderReferralIntro({ ...brand, user, referral: { ...fixture.referralContact, referralState: 'suggested' }, ...(interview.contact ? { referredBy: interview.contact } : {}) }),
    },
    {
      name: 'list',
      email: renderList({ ...brand, user, now: fixture.loggedAt, upcoming: [interview], recent: [{ ...interview, interviewId: 'i-0', startUtc: fixture.previous.startUtc, endUtc: fixture.previous.endUtc, status: 'done' }], upcomingDays: 60, recentDays: 30 }),
    },
    {
      name: 'contacts',
      email: renderContacts({
        ...brand,
        user,
        now: fixture.loggedAt,
        due: [{ n: 1, kind: 'referral', ref: fixture.referralContact.email, dueUtc: fixture.referralContact.createdAt, label: fixture.referralContact.name ?? fixture.referralContact.email, detail: 'Ask for an introduction.' }],
        dueMore: false,
        recent: [fixture.referralContact],
        totalContacts: 9,
      }),
    },
    {
      name: 'export',
      email: renderExport({ ...brand, user, interviews: 6, contacts: 9 }),
    },
  ];
}
