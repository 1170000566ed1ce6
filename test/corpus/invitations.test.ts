import { corpusCases, extractFromFile } from './corpus-cases';
import type { Invitation, InvitationEvent } from '../../functions/inbound/extract-invitation';

/** Fields of the ground truth that a user sees in Rapport's confirmation. */
const FIELDS = [
  'method',
  'uid',
  'sequence',
  'title',
  'status',
  'startUtc',
  'endUtc',
  'startLocal',
  'endLocal',
  'startDate',
  'endDate',
  'tzid',
  'organizerEmail',
  'organizerName',
  'location',
  'rrule',
  'recurrenceIdUtc',
] as const;

function expectFields(got: InvitationEvent, expected: Record<string, unknown>): void {
  for (const field of FIELDS) {
    if (!(field in expected)) continue;
    const want = expected[field];
    const value = got[field];
    if (field === 'organizerEmail') expect(String(value).toLowerCase()).toBe(String(want).toLowerCase());
    else if (typeof want === 'string')
      expect({ field, value: typeof value === 'string' ? value.trim() : value }).toEqual({ field, value: want.trim() });
    else expect({ field, value }).toEqual({ field, value: want });
  }
}

describe('invitations in the corpus of real mail', () => {
  test.each(corpusCases('calendar').map((c) => [c.file, c] as const))('understands %s as its ground truth says', async (_file, c) => {
    const result = await extractFromFile(c.file);
    if (!result.ok) throw new Error(`${c.file}: ${result.reason}: ${result.detail}`);
    const invitation: Invitation = result.invitation;
    const expected = c.expected;

    expectFields(invitation, expected);
    if ('organizerEmailAnyOf' in expected) {
      expect(expected.organizerEmailAnyOf as string[]).toContain(invitation.organizerEmail);
    }
    if ('videoUrlContains' in expected) expect(invitation.videoUrl).toContain(expected.videoUrlContains);
    if ('forwarded' in expected) expect(invitation.forwarded).toBe(expected.forwarded);
    if ('attendees' in expected) {
      const got = invitation.attendees.map((a) => ({ email: a.email, ...(a.name ? { name: a.name } : {}) }));
      for (const attendee of expected.attendees as { email: string; name?: string }[]) {
        expect(got).toContainEqual({ ...attendee, email: attendee.email.toLowerCase() });
      }
    }
    if ('attendeeCount' in expected) expect(invitation.attendees).toHaveLength(expected.attendeeCount as number);
    if ('eventCount' in expected) expect(invitation.events).toHaveLength(expected.eventCount as number);
    if ('startUtcInferred' in expected) expect(invitation.startUtc).toBe(expected.startUtcInferred);
    if ('endUtcInferred' in expected) expect(invitation.endUtc).toBe(expected.endUtcInferred);

    for (const event of (expected.events as Record<string, unknown>[] | undefined) ?? []) {
      const match = invitation.events?.find((e) => e.title?.trim() === String(event.title).trim());
      expect(match).toBeDefined();
      expectFields(match as InvitationEvent, event);
    }
  });
});
