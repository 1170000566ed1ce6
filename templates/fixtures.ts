import type { Contact, Interview, Note, Person, User } from '../functions/domain/model';

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
