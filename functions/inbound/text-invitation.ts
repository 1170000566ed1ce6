import { LIMITS } from '../domain/model';
import { optionalText } from '../commons/bounded-text';
import { once } from '../commons/once';
import { htmlToText } from './html-text';
import { MAX_TIME_READS, MAX_WHEN_CHARS, MAX_WHEN_VALUES, type TextInvitationFound } from './inbound-mail';
import { type FindResult, type Invitation, textInvitationWithoutTime } from './invitation-types';
import type { ParsedMessage } from './parse-message';
import { proseTimeCandidates, withoutTrailingWhen } from './prose-times';
import { findJoinLink, findVideoUrl } from './video-link';

/**
 * An invitation without iCalendar data: a forward that kept only the text ("When: Tuesday,
 * 3 December 2024 15:00-15:30 (UTC+01:00) Amsterdam…", Gmail's "When" block). Only a labelled
 * time counts — a date elsewhere in the text (a forward header's "Date:") is not the event. This
 * module finds the labels and the details; the times themselves are read by process-inbound
 * (inbound/text-invitation-times.ts), which reports a time that is not all there as missing.
 */

/** The part of a body searched for labels: invitation details sit at the top. */
const MAX_SCAN_CHARS = 64 * 1024;
/** Lines after a bare "When" label that may hold its value (Gmail puts it on the next line). */
const VALUE_LOOKAHEAD_LINES = 2;

const WHEN_LABEL =
  /^[\s>*]*(?:when|(?:event\s+|meeting\s+)?date\s*(?:\/|&|and)\s*time|(?:start\s+)?time|wann|zeit|quand|date et heure|cuándo|fecha y hora|quando|data e hora|när|wanneer|kiedy|когда|milloin|hvornår|når)\s*(?:\*\s*)?(?::\s*(?:\*\s*)?(.*)|$)/i;
const WHERE_LABEL =
  /^[\s>*]*(?:where|location|wo|ort|où|lieu|dónde|ubicación|dove|onde|var|waar|gdzie|где)\s*(?:\*\s*)?:\s*(?:\*\s*)?(.+)$/i;
const WHAT_LABEL =
  /^[\s>*]*(?:what|title|event|topic|thema|sujet de la réunion|tema|subject|betreff|objet|sujet|asunto|oggetto|assunto|onderwerp|тема)\s*(?:\*\s*)?:\s*(?:\*\s*)?(.+)$/i;
const ORGANIZER_LABEL =
  /^[\s>*]*(?:organi[sz]er|organisateur|organisator|organizador|organizzatore|организатор)\s*(?:\*\s*)?(?::\s*(?:\*\s*)?(.*)|$)/i;
/** A booking service's notice names the person who booked: "Invitee Email: jane@example.com". */
const INVITEE_LABEL = /^[\s>*]*(?:invitee|booked by|booker|guest)(?:\s+e-?mail)?\s*(?:\*\s*)?:\s*(?:\*\s*)?(.*)$/i;
/** A booking service names the kind of meeting booked ("Event Type: 30 Minute Meeting"), often on the next line. */
const EVENT_TYPE_LABEL = /^[\s>*]*(?:event type|event name|meeting type|appointment type)\s*(?:\*\s*)?:\s*(?:\*\s*)?(.*)$/i;
/** "Jordan Blake is inviting you to a scheduled Zoom meeting.": the inviter a pasted invitation names. */
const INVITER_LINE =
  /^[\s>*]*([^\s<>@:][^<>@:\n]{0,79}?)\s+(?:is inviting you|has invited you|invited you|vous invite|lädt sie|le invita|te invita|está convidando|ti sta invitando|nodigt u uit)\b/i;
/** Lines of a body searched for the inviter's line: it opens a pasted invitation, near the top. */
const INVITER_LOOKAHEAD_LINES = 40;
/** Recipients looked at for the inviter; a real invitation has a few. */
const MAX_RECIPIENTS = 20;
/** A service's own sending address is not the person met. */
const AUTOMATED_SENDER = /^(?:no-?reply|do-?not-?reply|notifications?|notify|mailer-daemon|calendar-notification)[@+]/i;
const FROM_LABEL = /^[\s>*]*(?:from|von|de|da|van|från|fra|от|od)\s*(?:\*\s*)?:\s*(?:\*\s*)?(.+)$/i;
/** Words that make a subject an invitation even when its time cannot be read. */
const INVITATION_WORDS =
  /\b(invitation|invite|invited|meeting|appointment|interview|webinar|einladung|besprechung|termin|réunion|rendez-vous|invitación|reunión|convite|reunião|uitnodiging|inbjudan|kutsu|приглашение|встреча)\b/i;
const SUBJECT_PREFIXES =
  /^\s*(?:(?:re|fwd?|fw|tr|wg|aw|rv|enc|vs|sv|doorst|pd)\s*:|(?:updated\s+)?invitation(?:\s+mise à jour)?\s*:|(?:aktualisierte\s+)?einladung\s*:|invitación(?:\s+actualizada)?\s*:|convite\s*:|meeting request\s*:|\[[^\]]*\]\s*)\s*/i;

interface TextDocument {
  subject?: string;
  body: string;
  dateOffsetMinutes?: number;
  date?: string;
  from?: { name?: string; address: string };
  /** To and Cc: where a pasted invitation's "Jordan Blake is inviting you" finds Jordan's address. */
  recipients: { name?: string; address: string }[];
}

/**
 * A forwarded invitation's text → its details and labelled times, for process-inbound to read;
 * `no-invitation` when nothing reads like an invitation, `no-time` when something does but no time
 * is labelled. Documents are kept in reading order — an attached (forwarded) message is the
 * invitation itself, so it comes before the wrapper — and only as many labelled times as will be
 * read (MAX_TIME_READS), each cut to MAX_WHEN_CHARS.
 */
export function findTextInvitation(message: ParsedMessage, receivedAt: Date): FindResult {
  const documents = [...message.attachedMessages.map(toDocument), toDocument(message)];
  const found: TextInvitationFound['documents'] = [];
  let first: Details | undefined;
  let readsLeft = MAX_TIME_READS;
  // Every document falls back on the message's HTML for its join link: that HTML is searched once.
  const htmlVideoUrl = once(() => findVideoUrl([message.html]));

  for (const document of documents) {
    const lines = document.body.slice(0, MAX_SCAN_CHARS).split('\n');
    const whenValues = labelledValues(lines, WHEN_LABEL, MAX_WHEN_VALUES);
    const gmailSubjectTime = subjectTime(document.subject);
    if (gmailSubjectTime) whenValues.push(gmailSubjectTime);
    // No labelled time: the times written in sentences ("this Wednesday at 10:00am PDT"), and the subject's.
    if (whenValues.length === 0) whenValues.push(...proseTimeCandidates(document.subject, lines, MAX_WHEN_VALUES, MAX_WHEN_CHARS));

    const details = readDetails(document, lines, htmlVideoUrl);
    const signals = whenValues.length > 0 || INVITATION_WORDS.test(document.subject ?? '') || details.videoUrl !== undefined;
    if (!signals) continue;
    first ??= details;
    const when = whenValues.slice(0, Math.max(readsLeft, 0)).map((value) => value.slice(0, MAX_WHEN_CHARS));
    readsLeft -= when.length;
    // The first document that reads like an invitation names it when no time can be read; later ones matter only for their times.
    if (found.length === 0 || when.length > 0) {
      found.push({
        ...details,
        when,
        ...(document.date !== undefined ? { date: document.date } : {}),
        ...(document.dateOffsetMinutes !== undefined ? { dateOffsetMinutes: document.dateOffsetMinutes } : {}),
      });
    }
  }

  if (!first) return { ok: false, reason: 'no-invitation', detail: 'no calendar data and nothing that reads like an invitation' };
  if (readsLeft === MAX_TIME_READS) return textInvitationWithoutTime({ ...first, forwarded: message.forwarded, source: 'text' });
  return {
    found: 'text-invitation',
    receivedAt: receivedAt.toISOString(),
    forwarded: message.forwarded || documents.length > 1,
    documents: found,
  };
}

function toDocument(message: ParsedMessage): TextDocument {
  const body = (message.text ?? (message.html ? htmlToText(message.html) : '')).replace(/\r\n?/g, '\n');
  // "Thursday" in a forwarded reply is the Thursday after that reply was written, not after the forward.
  const date = quotedDate(body, message.date) ?? message.date;
  return {
    body,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...(message.dateOffsetMinutes !== undefined ? { dateOffsetMinutes: message.dateOffsetMinutes } : {}),
    ...(date ? { date } : {}),
    ...(message.from ? { from: message.from } : {}),
    recipients: [...message.to, ...message.cc].slice(0, MAX_RECIPIENTS),
  };
}

/** A forward's header block: "From: …", then within a few lines "Date: …" / "Sent: …". */
const QUOTED_DATE_LABEL = /^[\s>*]*(?:date|sent|datum|gesendet|envoyé|enviado|inviato|verzonden)\s*(?:\*\s*)?:\s*(?:\*\s*)?(.{6,80})$/i;
/** Lines of a body searched for a forward's header block: it opens the forward, near the top. */
const QUOTED_HEADER_LINES = 60;
/** A quoted date further back than this before the forward is not the message it quotes. */
const MAX_QUOTE_AGE_MS = 366 * 24 * 3600_000;

/**
 * The date a forward's header block gives the message it quotes ("Date: Mon, Mar 8, 2027 at 9:41
 * AM"), as an ISO instant: only when it reads as a date no later than the forward itself (`sent`)
 * and not a year before it. Read with the runtime's Date parser, so English headers; other
 * languages fall back on the forward's own date, which is at most days off for "Thursday".
 */
function quotedDate(body: string, sent: string | undefined): string | undefined {
  if (!sent) return undefined;
  const lines = body.split('\n', QUOTED_HEADER_LINES);
  const from = lines.findIndex((line) => FROM_LABEL.test(line));
  if (from < 0) return undefined;
  for (const line of lines.slice(from + 1, from + 6)) {
    const value = QUOTED_DATE_LABEL.exec(line)?.[1];
    if (!value) continue;
    const quoted = Date.parse(value.replace(/\s+at\s+/i, ' ').replace(/\s*\([^)]*\)\s*$/, ''));
    const forwarded = Date.parse(sent);
    if (Number.isNaN(quoted) || quoted > forwarded || forwarded - quoted > MAX_QUOTE_AGE_MS) return undefined;
    return new Date(quoted).toISOString();
  }
  return undefined;
}

/**
 * The first `max` values of a label, on its line or (for a bare label) on the next non-empty lines
 * joined. The scan stops once it has them: the details want one value each, the times a few.
 */
function labelledValues(lines: string[], label: RegExp, max: number, valueLines = VALUE_LOOKAHEAD_LINES): string[] {
  const values: string[] = [];
  for (let index = 0; index < lines.length && values.length < max; index++) {
    const match = label.exec(lines[index]!);
    if (!match) continue;
    const inline = match[1]?.trim() ?? '';
    if (inline) {
      values.push(inline);
      continue;
    }
    // A bare label ("When" alone on its line): the value follows on the next lines.
    const following = lines
      .slice(index + 1, index + 1 + VALUE_LOOKAHEAD_LINES + 2)
      .map((l) => l.trim())
      .filter(Boolean);
    const value = following.slice(0, valueLines).join(' ');
    if (value) values.push(value);
  }
  return values;
}

/** The first value of a label, if any. */
function labelledValue(lines: string[], label: RegExp, valueLines?: number): string | undefined {
  return labelledValues(lines, label, 1, valueLines)[0];
}

/** Gmail: "Invitation: Coffee chat @ Tue 3 Dec 2024 3pm - 3:30pm (CET) (jane@example.com)". */
function subjectTime(subject: string | undefined): string | undefined {
  if (!subject || !/invitation|einladung|invitación|convite|uitnodiging/i.test(subject)) return undefined;
  const at = subject.lastIndexOf(' @ ');
  return at >= 0
    ? subject
        .slice(at + 3)
        .replace(/\([^()]*@[^()]*\)\s*$/, '')
        .trim()
    : undefined;
}

type Details = Pick<Invitation, 'title' | 'location' | 'videoUrl' | 'organizerEmail' | 'organizerName'>;

function readDetails(document: TextDocument, lines: string[], htmlVideoUrl: () => string | undefined): Details {
  const details: Details = {};
  const named = cleanSubject(labelledValue(lines, EVENT_TYPE_LABEL, 1) ?? labelledValue(lines, WHAT_LABEL) ?? document.subject);
  const title = optionalText(named === undefined ? undefined : withoutTrailingWhen(named), LIMITS.title);
  if (title) details.title = title;
  const location = optionalText(labelledValue(lines, WHERE_LABEL), LIMITS.location);
  if (location) details.location = location;
  const videoUrl = findVideoUrl([document.body]) ?? htmlVideoUrl() ?? findJoinLink(document.body);
  if (videoUrl) details.videoUrl = videoUrl;

  const organizer =
    personInLine(labelledValue(lines, ORGANIZER_LABEL)) ??
    invitee(labelledValues(lines, INVITEE_LABEL, 2, 1)) ??
    namedInviter(lines, document.recipients) ??
    // A forward's "From:", or the sender of a message sent directly (an announcement, a reply with a time in it),
    // unless a service sent it: its no-reply address is not the person met.
    [personInLine(labelledValue(lines, FROM_LABEL)), document.from].find((person) => person && !AUTOMATED_SENDER.test(person.address));
  const address = organizer && organizer.address.length <= LIMITS.email ? organizer.address.toLowerCase() : undefined;
  if (organizer && address) {
    details.organizerEmail = address;
    const name = optionalText(organizer.name, LIMITS.name);
    if (name) details.organizerName = name;
  }
  return details;
}

function cleanSubject(subject: string | undefined): string | undefined {
  if (!subject) return undefined;
  let title = subject;
  for (let previous = ''; previous !== title;) {
    previous = title;
    title = title.replace(SUBJECT_PREFIXES, '');
  }
  const at = title.lastIndexOf(' @ ');
  return (at > 0 ? title.slice(0, at) : title).trim();
}

/**
 * An address inside a line of text. The match starts only where a run of local-part characters
 * starts (the lookbehind): the leftmost match always starts there anyway, and without it every
 * position of a long run without "@" was tried again to its end — an "Organizer:" or "From:" line
 * of 64 KB of letters cost 3 s; now each character is looked at a bounded number of times.
 */
const EMAIL_IN_TEXT = /(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/** A booking notice's "Invitee: Priya Nair" and "Invitee Email: priya@…", as one person. */
function invitee(values: string[]): { name?: string; address: string } | undefined {
  const person = values.map(personIn).find(Boolean);
  const name = person?.name ?? values.find((value) => !value.includes('@'));
  return person && name ? { ...person, name } : person;
}

/** The recipient a pasted invitation names as its inviter ("Jordan Blake is inviting you…"), matched by name. */
function namedInviter(lines: string[], recipients: TextDocument['recipients']): { name?: string; address: string } | undefined {
  const line = lines.slice(0, INVITER_LOOKAHEAD_LINES).find((l) => INVITER_LINE.test(l));
  const name = line ? INVITER_LINE.exec(line)?.[1]?.trim().toLowerCase() : undefined;
  return name ? recipients.find((r) => r.name?.trim().toLowerCase() === name) : undefined;
}

function personInLine(line: string | undefined): { name?: string; address: string } | undefined {
  return line ? personIn(line) : undefined;
}

/** "Jane Doe <jane@example.com>", "Jane Doe [mailto:jane@example.com]", "jane@example.com". */
function personIn(text: string): { name?: string; address: string } | undefined {
  const email = EMAIL_IN_TEXT.exec(text);
  if (!email || email[0].length > LIMITS.email) return undefined;
  const name = optionalText(
    text
      .slice(0, email.index)
      .replace(/[<[(]\s*(mailto:)?\s*$/i, '')
      .replace(/["']/g, ''),
    LIMITS.name,
  );
  return { address: email[0].toLowerCase(), ...(name ? { name } : {}) };
}
