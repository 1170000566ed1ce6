import { formatIsoUtc, parseInZone, parseInstant } from '../commons/wall-clock';
import { boundedText, optionalText } from '../commons/bounded-text';
import { EmailAddress, type Interview, isIanaZone, LIMITS, type PendingInvitation, type Person, type User } from '../domain/model';
import { chooseContact, companyInDisplayName, guessCompany } from '../domain/people';
import type { InvitationSummary } from '../inbound/inbound-mail';

/**
 * An invitation's fields as an interview keeps them: times in UTC, strings bounded, addresses
 * validated by the model's own rule, the other party picked out. Pure, so log-interview.ts reads
 * as the steps of logging and this as what is kept.
 */

/** An invitation with a start and no end is taken to last this long: the usual informational interview. */
export const DEFAULT_DURATION_MINUTES = 30;

export interface Times {
  startUtc: string;
  endUtc: string;
}

/**
 * UTC start and end. Floating times are the user's local time; an all-day event has no time of
 * day to prepare for, so it is treated as unknown and the user is asked.
 */
export function timesOf(invitation: InvitationSummary, user: User): Times | undefined {
  let start = Number.NaN;
  let end = Number.NaN;
  if (invitation.startUtc) {
    start = parseInstant(invitation.startUtc);
    if (invitation.endUtc) end = parseInstant(invitation.endUtc);
  } else if (invitation.startLocal) {
    start = parseInZone(invitation.startLocal, user.timeZone);
    if (invitation.endLocal) end = parseInZone(invitation.endLocal, user.timeZone);
  }
  if (Number.isNaN(start)) return undefined;
  if (Number.isNaN(end) || end <= start) end = start + DEFAULT_DURATION_MINUTES * 60_000;
  return { startUtc: formatIsoUtc(start), endUtc: formatIsoUtc(end) };
}

export type Described = Omit<
  Interview,
  | 'userId'
  | 'interviewId'
  | 'calendarUid'
  | 'sequence'
  | 'version'
  | 'status'
  | 'createdAt'
  | 'updatedAt'
  | 'threadMessageId'
  | 'thankYouSentAt'
>;

function person(email: string | undefined, name: string | undefined): Person | undefined {
  // The model's own rule decides what an address is, so what is kept always validates on write.
  const address = EmailAddress.safeParse(email ?? '');
  if (!address.success) return undefined;
  const cleanName = optionalText(name, LIMITS.name);
  return { email: address.data, ...(cleanName ? { name: cleanName } : {}) };
}

/** What is known of an invitation without a usable time, kept until the user says when. */
export function pendingFrom(invitation: InvitationSummary): Omit<PendingInvitation, 'userId' | 'pendingId' | 'createdAt'> {
  const organizer = person(invitation.organizerEmail, invitation.organizerName);
  const title = optionalText(invitation.title, LIMITS.title);
  const location = optionalText(invitation.location, LIMITS.location);
  const videoUrl = invitation.videoUrl && isHttpUrl(invitation.videoUrl) ? boundedText(invitation.videoUrl, LIMITS.url) : undefined;
  const day = invitation.startDate && /^\d{4}-\d{2}-\d{2}$/.test(invitation.startDate) ? invitation.startDate : undefined;
  return {
    ...(title ? { title } : {}),
    ...(invitation.uid ? { calendarUid: invitation.uid.slice(0, LIMITS.calendarUid) } : {}),
    ...(invitation.sequence !== undefined ? { sequence: invitation.sequence } : {}),
    ...(organizer ? { organizer } : {}),
    attendees: invitation.attendees.flatMap((a) => person(a.email, a.name) ?? []).slice(0, LIMITS.attendees),
    ...(location ? { location } : {}),
    ...(videoUrl ? { videoUrl } : {}),
    ...(invitation.timeZone && isIanaZone(invitation.timeZone) ? { eventTimeZone: invitation.timeZone } : {}),
    ...(day ? { day } : {}),
  };
}

/** "Fwd: Re: lunch?" → "lunch?": the subject of a forward without an invitation, as a title. */
export function cleanSubject(subject: string | undefined): string | undefined {
  return (
    subject
      ?.trimStart()
      .replace(/^(?:(?:re|fwd?|fw|aw|wg|tr|sv|vs|rv|enc)\s*:\s*)+/i, '')
      .trim() || undefined
  );
}

/** The invitation's fields, bounded and validated, with the other party picked out. */
export function describe(invitation: InvitationSummary, user: User, times: Times): Described {
  const organizer = person(invitation.organizerEmail, invitation.organizerName);
  const attendees = invitation.attendees
    .map((a) => ({ person: person(a.email, a.name), kind: a.kind }))
    .filter((a): a is { person: Person; kind: typeof a.kind } => a.person !== undefined)
    .slice(0, LIMITS.attendees);
  const contactParticipant = chooseContact({
    userEmails: [user.email],
    ...(organizer ? { organizer } : {}),
    attendees: attendees.map((a) => ({ ...a.person, ...(a.kind ? { kind: a.kind } : {}) })),
  });
  const contact = contactParticipant
    ? { email: contactParticipant.email, ...(contactParticipant.name ? { name: contactParticipant.name } : {}) }
    : undefined;
  // What the person wrote beside their name comes before a name made from their address's domain.
  const company = contact ? (companyInDisplayName(contact.name) ?? guessCompany(contact.email)) : undefined;
  const videoUrl = invitation.videoUrl && isHttpUrl(invitation.videoUrl) ? boundedText(invitation.videoUrl, LIMITS.url) : undefined;
  const location = optionalText(invitation.location, LIMITS.location);
  return {
    title: boundedText(invitation.title ?? '', LIMITS.title),
    startUtc: times.startUtc,
    endUtc: times.endUtc,
    ...(invitation.timeZone ? { eventTimeZone: invitation.timeZone } : {}),
    allDay: false,
    ...(location ? { location } : {}),
    ...(videoUrl ? { videoUrl } : {}),
    ...(organizer ? { organizer } : {}),
    attendees: othersThanUser(organizer, attendees, user),
    ...(contact ? { contact } : {}),
    ...(company ? { company } : {}),
  };
}

/**
 * Everyone the user meets, organizer first: a panel chat keeps every person on the invitation
 * except the user themselves and rooms or resources, each once.
 */
function othersThanUser(organizer: Person | undefined, attendees: { person: Person; kind: string | undefined }[], user: User): Person[] {
  const seen = new Set([user.email.toLowerCase()]);
  const people = [
    ...(organizer ? [organizer] : []),
    ...attendees.filter((a) => a.kind !== 'room' && a.kind !== 'resource').map((a) => a.person),
  ];
  return people.filter((p) => !seen.has(p.email) && seen.add(p.email)).slice(0, LIMITS.attendees);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
