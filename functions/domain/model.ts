import { z } from '../commons/zod';

/**
 * The records Rapport keeps. Every value that came from an email is bounded here, so a
 * hostile invitation cannot grow an item past DynamoDB's 400 KB limit or a rendered email
 * past what a mail client shows.
 */
export const LIMITS = {
  title: 300,
  name: 200,
  email: 254,
  location: 500,
  url: 2000,
  company: 200,
  role: 200,
  pitch: 2000,
  note: 10000,
  attendees: 50,
  calendarUid: 1000,
  suppressionDetail: 200,
  contactInterviews: 50,
  cadenceMonths: 24,
  actionItems: 100,
} as const;

const IsoUtc = z.string().datetime({ offset: false });
export const EmailAddress = z.string().trim().toLowerCase().max(LIMITS.email).email();
const IanaZone = z.string().min(1).max(64).refine(isIanaZone, 'not an IANA time zone');

/**
 * Answers already found, by zone name: building an Intl.DateTimeFormat to ask costs ~0.1 ms,
 * and reading one invitation asks for the same few zones dozens of times. Bounded, since names
 * come from untrusted calendars: cleared when full rather than grown.
 */
const MAX_REMEMBERED_ZONES = 1_000;
const zoneAnswers = new Map<string, boolean>();

export function isIanaZone(zone: string): boolean {
  const known = zoneAnswers.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  if (zoneAnswers.size >= MAX_REMEMBERED_ZONES) zoneAnswers.clear();
  zoneAnswers.set(zone, valid);
  return valid;
}

export const Person = z.object({
  email: EmailAddress,
  name: z.string().trim().max(LIMITS.name).optional(),
});
export type Person = z.infer<typeof Person>;

export const DigestPreference = z.object({
  enabled: z.boolean(),
  /** ISO weekday, 1 = Monday. */
  weekday: z.number().int().min(1).max(7),
  /** Local time "HH:mm", never between 02:00 and 03:00 (skipped on spring-forward days). */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
});
export type DigestPreference = z.infer<typeof DigestPreference>;

/** The voice of the thank-you draft (`thank-you tone: warm|brief|formal`). */
export const ThankYouTone = z.enum(['warm', 'brief', 'formal']);
export type ThankYouTone = z.infer<typeof ThankYouTone>;
/**
 * Totals shown in the digest, kept in one item beside the profile by the writes that change them
 * (never counted over a window of reads). `held` counts interviews whose thank-you draft went out.
 */
export const Totals = z.object({
  interviewsLogged: z.number().int().min(0).default(0),
  held: z.number().int().min(0).default(0),
  contacts: z.number().int().min(0).default(0),
  referrals: z.number().int().min(0).default(0),
  followUpsDone: z.number().int().min(0).default(0),
  notes: z.number().int().min(0).default(0),
  /** When the last interview was held, so "no conversations held yet" is said only when true. */
  lastHeldUtc: IsoUtc.optional(),
});
export type Totals = z.infer<typeof Totals>;
export type TotalName = Exclude<keyof Totals, 'lastHeldUtc'>;

export const User = z.object({
  userId: z.string().min(1).max(64),
  email: EmailAddress,
  name: z.string().max(LIMITS.name).optional(),
  timeZone: IanaZone,
  /** `inferred` until the user sets one with `timezone: …`; the confirmation says which. */
  timeZoneSource: z.enum(['inferred', 'set']),
  pitch: z.string().max(LIMITS.pitch).optional(),
  /** Warm when unset. */
  thankYouTone: ThankYouTone.optional(),
  digest: DigestPreference,
  /** Unsubscribed from keep-in-touch emails (`keep-in-touch: off`, or their List-Unsubscribe); unset: they come. */
  keepInTouchOff: z.literal(true).optional(),
  createdAt: IsoUtc,
});
export type User = z.infer<typeof User>;

const InterviewStatus = z.enum(['scheduled', 'cancelled', 'done', 'no-show']);
type InterviewStatus = z.infer<typeof InterviewStatus>;

export const Interview = z.object({
  userId: z.string().min(1).max(64),
  interviewId: z.string().min(1).max(64),
  calendarUid: z.string().min(1).max(LIMITS.calendarUid),
  /** The invitation's SEQUENCE: an update applies only when it is not older. */
  sequence: z.number().int().min(0),
  /** Ours: bumped on every change that moves or stops reminders; a reminder carrying an older one sends nothing. */
  version: z.number().int().min(1),
  status: InterviewStatus,
  title: z.string().max(LIMITS.title),
  startUtc: IsoUtc,
  endUtc: IsoUtc,
  /** The zone the invitation was written in (IANA), when known; shown beside the user's own when it differs. */
  eventTimeZone: IanaZone.optional(),
  allDay: z.boolean().default(false),
  location: z.string().max(LIMITS.location).optional(),
  videoUrl: z.string().url().max(LIMITS.url).optional(),
  organizer: Person.optional(),
  attendees: z.array(Person).max(LIMITS.attendees),
  /** The other party: who the user is interviewing. */
  contact: Person.optional(),
  company: z.string().max(LIMITS.company).optional(),
  role: z.string().max(LIMITS.role).optional(),
  thankYouSentAt: IsoUtc.optional(),
  /** When the user last moved it by reply: a copy of the same invitation version no longer moves it back. */
  rescheduledAt: IsoUtc.optional(),
  /** Message-ID of the first email Rapport sent about this interview, so later ones thread under it. */
  threadMessageId: z.string().max(998).optional(),
  createdAt: IsoUtc,
  updatedAt: IsoUtc,
});
export type Interview = z.infer<typeof Interview>;

/** Where a referral stands: suggested → intro sent → met, or not pursuing (docs/architecture.md "The data"). */
export const ReferralState = z.enum(['suggested', 'intro-sent', 'met', 'not-pursuing']);
export type ReferralState = z.infer<typeof ReferralState>;

export const Contact = z.object({
  userId: z.string(),
  email: EmailAddress,
  name: z.string().max(LIMITS.name).optional(),
  company: z.string().max(LIMITS.company).optional(),
  role: z.string().max(LIMITS.role).optional(),
  /** `interview`: the person met; `referral`: someone a contact suggested, with the interview it came from. */
  source: z.enum(['interview', 'referral']),
  fromInterviewId: z.string().optional(),
  context: z.string().max(LIMITS.note).optional(),
  /** Who named this person as a referral. */
  referredBy: Person.optional(),
  /** Set for every referral; a referral met in an interview moves to `met`. */
  referralState: ReferralState.optional(),
  /** The referrer only offered to introduce them: the draft asks the referrer, until the user says the introduction was made. */
  introOffered: z.literal(true).optional(),
  /** The interviews with this person, newest last (bounded: the oldest drop off). */
  interviewIds: z.array(z.string().max(64)).max(LIMITS.contactInterviews).optional(),
  notes: z.string().max(LIMITS.note).optional(),
  /** The earliest meeting that counts (not cancelled, not a no-show): follows the meetings (meetingDates). */
  firstMetUtc: IsoUtc.optional(),
  /** The latest of the meetings that count and `touchedUtc`. */
  lastTouchUtc: IsoUtc.optional(),
  /** The last touch logged by hand (`touched:`, a numbered `done`), kept apart so a moved meeting cannot erase it. */
  touchedUtc: IsoUtc.optional(),
  /** When a keep-in-touch suggestion is next due; absent with `no follow-up` or before the first meeting. */
  nextTouchUtc: IsoUtc.optional(),
  /** Months between keep-in-touch suggestions; absent means the default. */
  cadenceMonths: z.number().int().min(1).max(LIMITS.cadenceMonths).optional(),
  /** `no follow-up`: no keep-in-touch suggestions for this person. */
  followUpOff: z.boolean().optional(),
  createdAt: IsoUtc,
  updatedAt: IsoUtc.optional(),
});
export type Contact = z.infer<typeof Contact>;

/** One item of an email the user can act on by number ("2 done"): what it pointed at when it was sent. */
export const ActionItem = z.object({
  n: z.number().int().min(1),
  kind: z.enum(['follow-up', 'referral', 'thank-you']),
  /** The contact's address, or the interview id of a thank-you. */
  ref: z.string().min(1).max(LIMITS.email),
  /** When it fell due, as the due index had it: the key of its index entry. */
  dueUtc: IsoUtc,
  label: z.string().max(LIMITS.note),
});
export type ActionItem = z.infer<typeof ActionItem>;

/** The numbered items of one email, kept under the id its reply token carries. */
export const ActionList = z.object({
  userId: z.string().min(1).max(64),
  listId: z.string().regex(/^[0-9a-f]{1,20}$/),
  createdAt: IsoUtc,
  items: z.array(ActionItem).max(LIMITS.actionItems),
});
export type ActionList = z.infer<typeof ActionList>;

export const Note = z.object({
  userId: z.string(),
  interviewId: z.string(),
  createdAt: IsoUtc,
  text: z.string().max(LIMITS.note),
});
export type Note = z.infer<typeof Note>;

/**
 * An invitation Rapport could not time — no date or time in it, an all-day event, or no
 * invitation at all — kept so that the user's answer ("Thu 4 Mar 15:00, 30 minutes") can log it.
 * The reply token of the question names it (`pendingId`), so the answer finds it without guessing.
 */
export const PendingInvitation = z.object({
  userId: z.string().min(1).max(64),
  pendingId: z.string().regex(/^[0-9a-f]{1,20}$/),
  title: z.string().max(LIMITS.title).optional(),
  calendarUid: z.string().min(1).max(LIMITS.calendarUid).optional(),
  sequence: z.number().int().min(0).optional(),
  organizer: Person.optional(),
  attendees: z.array(Person).max(LIMITS.attendees),
  location: z.string().max(LIMITS.location).optional(),
  videoUrl: z.string().url().max(LIMITS.url).optional(),
  eventTimeZone: IanaZone.optional(),
  /** An all-day event's day (YYYY-MM-DD): an answer with only a time of day is on this day. */
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  createdAt: IsoUtc,
});
export type PendingInvitation = z.infer<typeof PendingInvitation>;

/** Why Rapport stopped mailing an address: SES reported a hard bounce, or the recipient marked it spam. */
export const SuppressionReason = z.enum(['bounce', 'complaint']);
export type SuppressionReason = z.infer<typeof SuppressionReason>;

/**
 * An address Rapport no longer mails (one per address, not per user: the address is what bounced).
 * Kept when its user deletes their data, as SES keeps its own suppression list: mailing an address
 * that complained again would hurt every user's delivery.
 */
export const Suppression = z.object({
  email: EmailAddress,
  reason: SuppressionReason,
  /** SES's own words: the bounce subtype (`General`, `NoEmail`, …) or the complaint feedback type (`abuse`, …). */
  detail: z.string().max(LIMITS.suppressionDetail).optional(),
  /** SES's feedback id, to find the event in SES's own records. */
  feedbackId: z.string().max(LIMITS.suppressionDetail).optional(),
  suppressedAt: IsoUtc,
  /** When the operator was told (absent until then, so a retry tells them). */
  reportedAt: IsoUtc.optional(),
});
export type Suppression = z.infer<typeof Suppression>;

export const ReminderKind = z.enum(['prep-brief', 'thank-you', 'thank-you-nudge']);
export type ReminderKind = z.infer<typeof ReminderKind>;

/** What a one-time schedule carries to the reminder function (validated again on arrival). */
export const ReminderEvent = z.object({
  kind: ReminderKind,
  userId: z.string().min(1).max(64),
  interviewId: z.string().min(1).max(64),
  version: z.number().int().min(1),
});
export type ReminderEvent = z.infer<typeof ReminderEvent>;

/** A keep-in-touch suggestion about one contact, due at `dueUtc` (stale once the contact's date moved). */
export const FollowUpEvent = z.object({
  kind: z.literal('keep-in-touch'),
  userId: z.string().min(1).max(64),
  email: EmailAddress,
  dueUtc: IsoUtc,
});
export type FollowUpEvent = z.infer<typeof FollowUpEvent>;

/**
 * `list`, `contacts` or `export`, asked by the message `messageKey` names: answered by the
 * scheduled-work function, so the one that reads inbound mail never bundles the export writers.
 */
export const ReportEvent = z.object({
  kind: z.literal('report'),
  report: z.enum(['list', 'contacts', 'export']),
  userId: z.string().min(1).max(64),
  messageKey: z.string().regex(/^[0-9a-f]{1,64}$/),
  inReplyTo: z.string().max(998).optional(),
});
export type ReportEvent = z.infer<typeof ReportEvent>;

/** What a one-time schedule carries: a reminder about an interview, a follow-up about a contact, or a report asked for. */
export const OneTimeEvent = z.union([ReminderEvent, FollowUpEvent, ReportEvent]);
export type OneTimeEvent = z.infer<typeof OneTimeEvent>;

export const DigestEvent = z.object({
  kind: z.literal('weekly-digest'),
  userId: z.string().min(1).max(64),
});
export type DigestEvent = z.infer<typeof DigestEvent>;
