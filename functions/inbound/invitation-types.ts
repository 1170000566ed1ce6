import type { TextInvitationFound } from './inbound-mail';

/**
 * What Rapport understands of an invitation. Times keep every form a calendar can use: an
 * instant (UTC), a wall-clock time as written (`*Local`), or a date for all-day events; the
 * TZID as written is kept beside the IANA zone it resolved to, so a reply can say what it read.
 */

export type AttendeeKind = 'individual' | 'room' | 'resource' | 'group' | 'unknown';

export interface InvitationAttendee {
  email: string;
  name?: string;
  kind?: AttendeeKind;
}

export interface InvitationEvent {
  method?: string;
  uid?: string;
  sequence?: number;
  title?: string;
  status?: string;
  /** ISO 'YYYY-MM-DDTHH:mm:ssZ'. */
  startUtc?: string;
  endUtc?: string;
  /** Wall-clock time as written, 'YYYY-MM-DDTHH:mm:ss': for floating times, and beside a zoned time. */
  startLocal?: string;
  endLocal?: string;
  /** All-day events: 'YYYY-MM-DD', endDate exclusive. */
  startDate?: string;
  endDate?: string;
  /** TZID exactly as written in the file. */
  tzid?: string;
  /** The IANA zone the TZID resolved to, when one could be resolved. */
  timeZone?: string;
  organizerEmail?: string;
  organizerName?: string;
  attendees: InvitationAttendee[];
  location?: string;
  videoUrl?: string;
  description?: string;
  recurrenceIdUtc?: string;
  rrule?: string;
  /** How a time written in prose was read, when the reading is worth saying ("PDT" in winter, no zone named). */
  timeNote?: string;
}

export interface Invitation extends InvitationEvent {
  forwarded: boolean;
  source: 'icalendar' | 'text';
  /** Every event of the calendar, when it holds more than one. */
  events?: InvitationEvent[];
}

/** One reading of a time that reads more than one way ("3/4 at 10am"): the user picks one. */
export type TimeReading = Pick<InvitationEvent, 'startUtc' | 'endUtc' | 'startLocal' | 'endLocal' | 'timeZone'>;

export type ExtractResult =
  | { ok: true; invitation: Invitation }
  | { ok: false; reason: 'no-invitation' | 'no-time'; detail: string; partial?: Partial<Invitation>; readings?: TimeReading[] };

/**
 * An invitation forwarded as text whose time is missing, or could not be read: the user is asked
 * for it, with the `readings` to choose from when the time reads more than one way.
 */
export function textInvitationWithoutTime(partial: Partial<Invitation>, readings: TimeReading[] = []): ExtractResult {
  return {
    ok: false,
    reason: 'no-time',
    detail:
      readings.length > 1
        ? 'this looks like an invitation, but its date reads more than one way'
        : 'this looks like an invitation, but its date and time could not be read',
    partial,
    ...(readings.length > 1 ? { readings } : {}),
  };
}

/**
 * What inbound-email finds: the invitation read to the end, or why there is none, or an
 * invitation forwarded as text whose labelled times are read by process-inbound
 * (inbound/text-invitation-times.ts).
 */
export type FindResult = ExtractResult | TextInvitationFound;
