import { calendarParts } from './calendar-parts';
import { type CalendarContents, readCalendar } from './ics-event';
import type { ExtractResult, FindResult, Invitation, InvitationEvent } from './invitation-types';
import type { ParsedMessage } from './parse-message';
import { findTextInvitation } from './text-invitation';
import { findVideoUrl } from './video-link';

export type { ExtractResult, FindResult, Invitation, InvitationEvent } from './invitation-types';

/**
 * What invitation a message carries: iCalendar data first (it is what the sender's calendar
 * meant), the text of a forwarded invitation second. A forwarded METHOD:REPLY still describes
 * the event, so it is read like the event itself. A text invitation comes back found but with its
 * labelled times not yet read (process-inbound reads them: inbound/text-invitation-times.ts, and
 * inbound/read-invitation.ts does both in one process); `receivedAt` is when the message arrived,
 * what a text invitation without a Date header ("Thu 15:00") is read relative to.
 */
export function findInvitation(message: ParsedMessage, receivedAt: Date): FindResult {
  for (const part of calendarParts(message)) {
    const calendar = readCalendar(part.text, part.mimeMethod);
    if (!calendar) continue;
    // Searched only when the calendar has no join link: the bodies are the largest text of the message.
    const bodyVideoUrl = () => findVideoUrl([message.text, message.html, ...message.attachedMessages.flatMap((m) => [m.text, m.html])]);
    return fromCalendar(calendar, { forwarded: message.forwarded || part.inForwarded, bodyVideoUrl });
  }
  return findTextInvitation(message, receivedAt);
}

/** A bare calendar file (an .ics given directly rather than mailed). */
export function extractInvitationFromCalendar(text: string): ExtractResult {
  const calendar = readCalendar(text);
  if (!calendar) return { ok: false, reason: 'no-invitation', detail: 'the file holds no VEVENT' };
  return fromCalendar(calendar, { forwarded: false });
}

function fromCalendar(calendar: CalendarContents, context: { forwarded: boolean; bodyVideoUrl?: () => string | undefined }): ExtractResult {
  const primary = calendar.events[calendar.primary] as InvitationEvent;
  const invitation: Invitation = {
    ...primary,
    forwarded: context.forwarded,
    source: 'icalendar',
    ...(calendar.events.length > 1 ? { events: calendar.events } : {}),
  };
  // The body often carries the join link when the calendar does not (Teams puts it in the HTML).
  if (!invitation.videoUrl) {
    const bodyVideoUrl = context.bodyVideoUrl?.();
    if (bodyVideoUrl) invitation.videoUrl = bodyVideoUrl;
  }

  if (!invitation.startUtc && !invitation.startLocal && !invitation.startDate) {
    return { ok: false, reason: 'no-time', detail: 'the calendar event has no readable DTSTART', partial: invitation };
  }
  return { ok: true, invitation };
}
