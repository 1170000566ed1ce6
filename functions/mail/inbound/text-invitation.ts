import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { LIMITS } from '../../domain/model';
import { optionalText } from '../../commons/bounded-text';
import { htmlToText } from './html-text';
import type { ExtractResult, Invitation } from './invitation-types';
import type { ParsedMessage } from './parse-message';
import { ambiguousNumericDate } from '../../domain/when-text';
import { formatUtc, formatWallTime, resolveTzid, wallTimeToUtc, type WallTime, zoneFromProse } from './time-zones';
import { findVideoUrl } from './video-link';

/**
 * An invitation without iCalendar data: a forward that kept only the text ("When: Tuesday,
 * 3 December 2024 15:00-15:30 (UTC+01:00) Amsterdam…", Gmail's "When" block). Only a labelled
 * time is read — a date elsewhere in the text (a forward header's "Date:") is not the event —
 * and a time that is not all there (no day, no hour) is reported as missing, never guessed.
 */

/** The part of a body searched for labels: invitation details sit at the top. */
const MAX_SCAN_CHARS = 64 * 1024;
/**
 * Labelled times tried per document, and in all: chrono runs eleven languages over each, about
 * 3 ms a time, so a body of thousands of "When:" lines cost seconds. A real invitation has one.
 */
const MAX_WHEN_VALUES = 3;
const MAX_TIME_READS = 6;
/** Characters of one labelled time handed to chrono; a real one ("Tuesday, 3 December 2024 15:00–15:30 (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna") is far shorter. */
const MAX_WHEN_CHARS = 300;
/** Lines after a bare "When" label that may hold its value (Gmail puts it on the next line). */
const VALUE_LOOKAHEAD_LINES = 2;

const WHEN_LABEL =
  /^[\s>*]*(?:when|date\s*(?:\/|&|and)\s*time|time|wann|zeit|quand|date et heure|cuándo|fecha y hora|quando|data e hora|när|wanneer|kiedy|когда|milloin|hvornår|når)\s*(?:\*\s*)?(?::\s*(?:\*\s*)?(.*)|$)/i;
const WHERE_LABEL = /^[\s>*]*(?:where|location|wo|ort|où|lieu|dónde|ubicación|dove|onde|var|waar|gdzie|где)\s*(?:\*\s*)?:\s*(?:\*\s*)?(.+)$/i;
const WHAT_LABEL = /^[\s>*]*(?:what|title|event|subject|betreff|objet|sujet|asunto|oggetto|assunto|onderwerp|тема)\s*(?:\*\s*)?:\s*(?:\*\s*)?(.+)$/i;
const ORGANIZER_LABEL = /^[\s>*]*(?:organi[sz]er|organisateur|organisator|organizador|organizzatore|организатор)\s*(?:\*\s*)?(?::\s*(?:\*\s*)?(.*)|$)/i;
const FROM_LABEL = /^[\s>*]*(?:from|von|de|da|van|från|fra|от|od)\s*(?:\*\s*)?:\s*(?:\*\s*)?(.+)$/i;
/** Words that make a subject an invitation even when its time cannot be read. */
const INVITATION_WORDS =
  /\b(invitation|invite|invited|meeting|appointment|interview|webinar|einladung|besprechung|termin|réunion|rendez-vous|invitación|reunión|convite|reunião|uitnodiging|inbjudan|kutsu|приглашение|встреча)\b/i;
const SUBJECT_PREFIXES =
  /^\s*(?:(?:re|fwd?|fw|tr|wg|aw|rv|enc|vs|sv|doorst|pd)\s*:|(?:updated\s+)?invitation(?:\s+mise à jour)?\s*:|(?:aktualisierte\s+)?einladung\s*:|invitación(?:\s+actualizada)?\s*:|convite\s*:|meeting request\s*:|\[[^\]]*\]\s*)\s*/i;

const CHRONO_PARSERS: readonly chrono.Chrono[] = [
  chrono.en.casual, chrono.en.GB, chrono.de.casual, chrono.fr.casual, chrono.es.casual, chrono.pt.casual,
  chrono.nl.casual, chrono.it.casual, chrono.sv.casual, chrono.fi.casual, chrono.ru.casual,
];

interface TextDocument {
  subject?: string;
  body: string;
  dateOffsetMinutes?: number;
  date?: string;
  from?: { name?: string; address: string };
}

/**
 * A forwarded invitation's text → an invitation. Relative times ("Thu 15:00", "tomorrow 3pm") are
 * read relative to the message's own Date header, or to `receivedAt` when it has none, never to
 * the wall clock: the same message always reads the same way.
 */
export function extractTextInvitation(message: ParsedMessage, receivedAt: Date): ExtractResult {
  // An attached (forwarded) message is the invitation itself; read it before the wrapper.
  const documents = [...message.attachedMessages.map(toDocument), toDocument(message)];
  let looksLikeInvitation = false;
  let partial: Partial<Invitation> | undefined;
  let readsLeft = MAX_TIME_READS;

  for (const document of documents) {
    const lines = document.body.slice(0, MAX_SCAN_CHARS).split('\n');
    const whenValues = labelledValues(lines, WHEN_LABEL).slice(0, MAX_WHEN_VALUES);
    const gmailSubjectTime = subjectTime(document.subject);
    if (gmailSubjectTime) whenValues.push(gmailSubjectTime);

    const details = readDetails(document, lines, message);
    const signals = whenValues.length > 0 || INVITATION_WORDS.test(document.subject ?? '') || details.videoUrl !== undefined;
    if (!signals) continue;
    looksLikeInvitation = true;
    partial ??= details;

    for (const value of whenValues) {
      if (readsLeft-- <= 0) break;
      const time = readTime(value.slice(0, MAX_WHEN_CHARS), document, receivedAt);
      if (time) {
        const invitation: Invitation = { ...details, ...time, attendees: [], forwarded: message.forwarded || documents.length > 1, source: 'text' };
        return { ok: true, invitation };
      }
    }
  }

  if (!looksLikeInvitation) {
    return { ok: false, reason: 'no-invitation', detail: 'no calendar data and nothing that reads like an invitation' };
  }
  return {
    ok: false,
    reason: 'no-time',
    detail: 'this looks like an invitation, but its date and time could not be read',
    ...(partial ? { partial: { ...partial, forwarded: message.forwarded, source: 'text' } } : {}),
  };
}

function toDocument(message: ParsedMessage): TextDocument {
  const body = message.text ?? (message.html ? htmlToText(message.html) : '');
  return {
    body: body.replace(/\r\n?/g, '\n'),
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...(message.dateOffsetMinutes !== undefined ? { dateOffsetMinutes: message.dateOffsetMinutes } : {}),
    ...(message.date ? { date: message.date } : {}),
    ...(message.from ? { from: message.from } : {}),
  };
}

/** Values of a label, on its line or (for a bare label) on the next non-empty lines joined. */
function labelledValues(lines: string[], label: RegExp): string[] {
  const values: string[] = [];
  lines.forEach((line, index) => {
    const match = label.exec(line);
    if (!match) return;
    const inline = match[1]?.trim() ?? '';
    if (inline) {
      values.push(inline);
      return;
    }
    // A bare label ("When" alone on its line): the value follows on the next lines.
    const following = lines.slice(index + 1, index + 1 + VALUE_LOOKAHEAD_LINES + 2).map((l) => l.trim()).filter(Boolean);
    const value = following.slice(0, VALUE_LOOKAHEAD_LINES).join(' ');
    if (value) values.push(value);
  });
  return values;
}

/** Gmail: "Invitation: Coffee chat @ Tue 3 Dec 2024 3pm - 3:30pm (CET) (jane@example.com)". */
function subjectTime(subject: string | undefined): string | undefined {
  if (!subject || !/invitation|einladung|invitación|convite|uitnodiging/i.test(subject)) return undefined;
  const at = subject.lastIndexOf(' @ ');
  return at >= 0 ? subject.slice(at + 3).replace(/\([^()]*@[^()]*\)\s*$/, '').trim() : undefined;
}

type TimeFields = Pick<Invitation, 'startUtc' | 'endUtc' | 'startLocal' | 'endLocal' | 'timeZone'>;

/**
 * A labelled time → UTC when the text names its zone, else the wall-clock time as written
 * (`startLocal`), which the workflow reads in the user's own zone: the offset of the forward's
 * Date header is where the user's mail client was, not where the meeting is. A numeric date that
 * reads two ways ("3/4") is not guessed: the user is asked.
 */
function readTime(value: string, document: TextDocument, receivedAt: Date): TimeFields | undefined {
  // A Windows display zone ("(UTC+01:00) Amsterdam, Berlin…") names a zone with DST; chrono would
  // read its "+01:00" as a fixed offset, so take the zone out and apply its rules ourselves.
  const displayZone = /\((?:UTC|GMT)\s*[+-]\d{1,2}:?\d{2}\)[^\n]*|\((?:UTC|GMT)\)[^\n]*/i.exec(value);
  const ianaZone = /\b[A-Z][a-z]+\/[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)?\b/.exec(value);
  const proseZone = /\(([^()]*(?:time|zeit|heure|hora)[^()]*)\)/i.exec(value);
  const zone =
    (displayZone && resolveTzid(displayZone[0].trim()).iana) ??
    (ianaZone && resolveTzid(ianaZone[0]).iana) ??
    (proseZone?.[1] && zoneFromProse(proseZone[1])) ??
    undefined;
  // Separators Google and others put between date and time ("Thu Dec 12, 2024 ⋅ 2pm") split chrono's reading.
  const text = (displayZone ? value.slice(0, displayZone.index) : value).replace(/[⋅·•|]/g, ' ');

  if (ambiguousNumericDate(text)) return undefined;
  const instant = document.date ? new Date(document.date) : receivedAt;
  const reference: chrono.ParsingReference = {
    instant,
    ...(document.dateOffsetMinutes !== undefined ? { timezone: document.dateOffsetMinutes } : {}),
  };
  for (const parser of CHRONO_PARSERS) {
    const [result] = parser.parse(text, reference, { forwardDate: true });
    if (!result) continue;
    const start = result.start;
    if (!start.isCertain('hour') || !(start.isCertain('day') || start.isCertain('weekday'))) continue;
    if (!zone && !start.isCertain('timezoneOffset')) {
      const floating = floatingTimes(result);
      if (floating) return floating;
      continue;
    }
    const fields: TimeFields = {};
    const startUtc = toUtc(start, zone);
    if (!startUtc) continue;
    fields.startUtc = startUtc;
    if (result.end?.isCertain('hour')) {
      const endUtc = toUtc(result.end, zone);
      if (endUtc && endUtc > startUtc) fields.endUtc = endUtc;
    }
    if (zone) fields.timeZone = zone;
    return fields;
  }
  return undefined;
}

function floatingTimes(result: chrono.ParsedResult): TimeFields | undefined {
  const wall = (c: chrono.ParsedComponents): WallTime => ({
    year: c.get('year') ?? 0, month: c.get('month') ?? 0, day: c.get('day') ?? 0, hour: c.get('hour') ?? 0, minute: c.get('minute') ?? 0, second: c.get('second') ?? 0,
  });
  const start = wall(result.start);
  if (!DateTime.fromObject(start).isValid) return undefined;
  const startLocal = formatWallTime(start);
  const end = result.end?.isCertain('hour') ? formatWallTime(wall(result.end)) : undefined;
  return { startLocal, ...(end && end > startLocal ? { endLocal: end } : {}) };
}

function toUtc(components: chrono.ParsedComponents, zone: string | undefined): string | undefined {
  if (zone && !components.isCertain('timezoneOffset')) {
    const wall: WallTime = {
      year: components.get('year') ?? 0,
      month: components.get('month') ?? 0,
      day: components.get('day') ?? 0,
      hour: components.get('hour') ?? 0,
      minute: components.get('minute') ?? 0,
      second: components.get('second') ?? 0,
    };
    return wallTimeToUtc(wall, zone);
  }
  const date = components.date();
  return Number.isNaN(date.getTime()) ? undefined : formatUtc(DateTime.fromJSDate(date));
}

type Details = Pick<Invitation, 'title' | 'location' | 'videoUrl' | 'organizerEmail' | 'organizerName'>;

function readDetails(document: TextDocument, lines: string[], message: ParsedMessage): Details {
  const details: Details = {};
  const title = optionalText(cleanSubject(labelledValues(lines, WHAT_LABEL)[0] ?? document.subject), LIMITS.title);
  if (title) details.title = title;
  const location = optionalText(labelledValues(lines, WHERE_LABEL)[0], LIMITS.location);
  if (location) details.location = location;
  const videoUrl = findVideoUrl([document.body, message.html]);
  if (videoUrl) details.videoUrl = videoUrl;

  const organizerLine = labelledValues(lines, ORGANIZER_LABEL)[0] ?? labelledValues(lines, FROM_LABEL)[0];
  const organizer = organizerLine ? personIn(organizerLine) : undefined;
  if (organizer) {
    details.organizerEmail = organizer.address;
    if (organizer.name) details.organizerName = organizer.name;
  }
  return details;
}

function cleanSubject(subject: string | undefined): string | undefined {
  if (!subject) return undefined;
  let title = subject;
  for (let previous = ''; previous !== title; ) {
    previous = title;
    title = title.replace(SUBJECT_PREFIXES, '');
  }
  const at = title.lastIndexOf(' @ ');
  return (at > 0 ? title.slice(0, at) : title).trim();
}

/** "Jane Doe <jane@example.com>", "Jane Doe [mailto:jane@example.com]", "jane@example.com". */
function personIn(text: string): { name?: string; address: string } | undefined {
  const email = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/.exec(text);
  if (!email || email[0].length > LIMITS.email) return undefined;
  const name = optionalText(text.slice(0, email.index).replace(/[<[(]\s*(mailto:)?\s*$/i, '').replace(/["']/g, ''), LIMITS.name);
  return { address: email[0].toLowerCase(), ...(name ? { name } : {}) };
}
